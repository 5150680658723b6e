/**
 * Sprig's random and cryptographic functions (crypto.go, strings.go). Random
 * ones (randAlpha, uuidv4, shuffle, bcrypt salts, generated keys, encryptAES)
 * give a new value on every evaluation, in Argo CD as here. Certificate
 * generation (genCA, genSelfSignedCert, genSignedCert and their WithKey
 * forms, buildCustomCert) and DSA keys are refused: see UNSUPPORTED.
 */
import { createCipheriv, createDecipheriv, createHmac, generateKeyPairSync, randomBytes, randomInt, randomUUID, scryptSync } from 'node:crypto';
import { createRequire } from 'node:module';
import type { FunctionMap } from '../functions.ts';
import { bytesOf, stringOf } from '../gostrings.ts';

// Loaded on first use: only sprig's bcrypt needs it, and loading bcryptjs cost 16–20 ms of every run.
const requireHere = createRequire(import.meta.url);
let bcryptjs: typeof import('bcryptjs') | undefined;
const bcrypt = (): typeof import('bcryptjs') => (bcryptjs ??= requireHere('bcryptjs') as typeof import('bcryptjs'));

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

function randomFrom(count: bigint, alphabet: string): string {
  if (count < 0n) throw new Error(`goutils: requested random string length ${count} is less than 0.`);
  let out = '';
  for (let i = 0n; i < count; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** xstrings.Shuffle: the runes in a random order. */
function shuffle(s: string): string {
  const runes = [...s];
  for (let i = runes.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [runes[i], runes[j]] = [runes[j], runes[i]];
  }
  return runes.join('');
}

const MASTER_PASSWORD_SEED = 'com.lyndir.masterpassword';
const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

const uint32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** The Master Password algorithm, as derivePassword implements it. */
function derivePassword(counter: bigint, type: string, password: string, user: string, site: string): string {
  const templates = PASSWORD_TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const salt = Buffer.concat([Buffer.from(MASTER_PASSWORD_SEED), uint32(bytesOf(user).length), Buffer.from(bytesOf(user))]);
  const key = scryptSync(Buffer.from(bytesOf(password)), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 });
  const message = Buffer.concat([
    Buffer.from(MASTER_PASSWORD_SEED),
    uint32(bytesOf(site).length),
    Buffer.from(bytesOf(site)),
    uint32(Number(BigInt.asUintN(32, counter))),
  ]);
  const seed = createHmac('sha256', key).update(message).digest();
  const template = templates[seed[0] % templates.length];
  return [...template]
    .map((element, i) => {
      const chars = TEMPLATE_CHARACTERS[element];
      return chars[seed[i + 1] % chars.length];
    })
    .join('');
}

function genPrivateKey(type: string): string {
  switch (type) {
    case '':
    case 'rsa':
      return generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
    case 'ecdsa':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
    case 'ed25519':
      return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    case 'dsa':
      throw new Error('genPrivateKey "dsa" is not supported by Flotilla\'s ApplicationSet evaluator');
    default:
      return `Unknown type ${type}`;
  }
}

/** AES-256-CBC with the password as key (zero-padded to 32 bytes), a random IV first, PKCS#7 padding. */
function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const key = Buffer.alloc(32);
  Buffer.from(bytesOf(password)).copy(key);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(Buffer.from(bytesOf(plaintext))), cipher.final()]).toString('base64');
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const key = Buffer.alloc(32);
  Buffer.from(bytesOf(password)).copy(key);
  const crypt = Buffer.from(crypt64, 'base64');
  if (crypt.length < 16) throw new Error('runtime error: slice bounds out of range');
  const decipher = createDecipheriv('aes-256-cbc', key, crypt.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(crypt.subarray(16)), decipher.final()]);
  return stringOf(plain.subarray(0, plain.length - plain[plain.length - 1]));
}

/** golang.org/x/crypto/bcrypt at DefaultCost (10), version 2a; longer than 72 bytes is an error it reports as text. */
function bcryptHash(input: string): string {
  if (bytesOf(input).length > 72) return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  return bcrypt()
    .hashSync(input, 10)
    .replace(/^\$2b\$/, '$2a$');
}

export const RANDOM: FunctionMap = {
  randAlphaNum: { params: ['int'], fn: (n: bigint) => randomFrom(n, LETTERS + DIGITS) },
  randAlpha: { params: ['int'], fn: (n: bigint) => randomFrom(n, LETTERS) },
  randAscii: { params: ['int'], fn: (n: bigint) => randomFrom(n, ASCII) },
  randNumeric: { params: ['int'], fn: (n: bigint) => randomFrom(n, DIGITS) },
  randInt: {
    params: ['int', 'int'],
    fn: (min: bigint, max: bigint) => {
      if (max - min <= 0n) throw new Error('invalid argument to Intn');
      return min + BigInt(randomInt(Number(max - min)));
    },
  },
  randBytes: { params: ['int'], fn: (n: bigint) => randomBytes(Number(n)).toString('base64') },
  uuidv4: { params: [], fn: () => randomUUID() },
  shuffle: { params: ['string'], fn: shuffle },
  bcrypt: { params: ['string'], fn: bcryptHash },
  htpasswd: {
    params: ['string', 'string'],
    fn: (user: string, password: string) => (user.includes(':') ? `invalid username: ${user}` : `${user}:${bcryptHash(password)}`),
  },
  derivePassword: { params: ['int', 'string', 'string', 'string', 'string'], fn: derivePassword },
  genPrivateKey: { params: ['string'], fn: genPrivateKey },
  encryptAES: { params: ['string', 'string'], fn: encryptAES },
  decryptAES: { params: ['string', 'string'], fn: decryptAES },
};
