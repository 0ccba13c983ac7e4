/** Part: the material decoders (own bounded PDF parser, PNG and JPEG decoding). */
import { inspectMaterial } from '../core/materials/inspect-material.js';
import type { CompositionParts } from './types.js';

export const materialParts: CompositionParts = { inspectMaterial };
