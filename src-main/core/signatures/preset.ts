import { CustomSchemeOptions, type CustomSchemeOptionsInput } from '../../contract/verification';
import { Recipe } from './recipe';
import type { Scheme, SignableRequest } from './types';

export interface PresetDefinition {
  id: string;
  label: string;
  /** What is signed, in words (docs and UI). */
  signs: string;
  /** A plain `custom` configuration: a preset is nothing more. */
  options: CustomSchemeOptionsInput;
  /** Narrower detection when the header is shared with other providers. */
  detect?: (req: SignableRequest) => boolean;
}

/** A scheme that is exactly a `custom` configuration. */
export function presetScheme(def: PresetDefinition): Scheme {
  const options = CustomSchemeOptions.parse(def.options);
  const recipe = new Recipe(def.id, options);
  return {
    id: def.id,
    label: def.label,
    signs: def.signs,
    headers: recipe.headers,
    urlBound: recipe.urlBound,
    defaultToleranceSec: options.toleranceSec,
    detect: def.detect ?? ((req) => recipe.present(req)),
    verify: (input) => recipe.verify(input, options.toleranceSec),
    sign: (input) => recipe.sign(input),
    preset: def.options,
  };
}
