/** What a reader is: decoded text in a vfile in, the reader-neutral outline out, problems reported on the file. */
import type { VFile } from 'vfile';
import type { Outline } from './outline.js';

export type Reader = (file: VFile) => Outline;
