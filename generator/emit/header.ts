/** Every generated file says it is generated, and from which config files: that line is also how Flotilla knows it owns the file. */
import { HEADER_MARK } from '../model/names.ts';

export function header(sources: string[]): string {
  return `${HEADER_MARK} from ${sources.join(', ')}. Do not edit: change the config and run \`npm run generate\`.\n`;
}
