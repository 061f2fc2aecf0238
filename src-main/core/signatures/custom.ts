import { fieldIssues } from '../../contract/common';
import { CustomSchemeOptions } from '../../contract/verification';
import { Recipe } from './recipe';
import { compileTemplate, usesPlaceholder } from './template';
import { SigningError, type OptionIssue, type Scheme } from './types';

/** Problems with a `custom` configuration, each naming its option. */
export function customOptionIssues(options: unknown): OptionIssue[] {
  const parsed = CustomSchemeOptions.safeParse(options ?? {});
  if (!parsed.success) return fieldIssues(parsed.error);
  const o = parsed.data;
  let parts;
  try {
    parts = compileTemplate(o.content);
  } catch (err) {
    return [{ path: 'content', message: (err as Error).message }];
  }
  const issues: OptionIssue[] = [];
  if (usesPlaceholder(parts, 'ts') && !o.timestamp) issues.push({ path: 'timestamp', message: '{ts} is used in content but no timestamp source is set' });
  if (usesPlaceholder(parts, 'id') && !o.idHeader) issues.push({ path: 'idHeader', message: '{id} is used in content but idHeader is not set' });
  if (o.timestamp?.from === 'composite' && o.format !== 'composite') {
    issues.push({ path: 'timestamp.from', message: 'a composite timestamp needs format: "composite"' });
  }
  return issues;
}

// Options objects are parsed once; the capture path verifies with the same object each time.
const recipes = new WeakMap<object, Recipe>();

function recipeOf(options: Readonly<Record<string, unknown>>): Recipe | string {
  const cached = recipes.get(options);
  if (cached) return cached;
  const issues = customOptionIssues(options);
  if (issues.length > 0) return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  const recipe = new Recipe('custom', CustomSchemeOptions.parse(options));
  recipes.set(options, recipe);
  return recipe;
}

/** The generic scheme: header, template, algorithm, encodings and timestamp all from options. */
export const custom: Scheme = {
  id: 'custom',
  label: 'Custom',
  signs: 'whatever `options.content` says',
  headers: [],
  urlBound: false,
  defaultToleranceSec: null,
  detect: () => false,
  verify(input) {
    const recipe = recipeOf(input.options);
    if (typeof recipe === 'string') {
      return { status: 'unverified', scheme: 'custom', reason: `The custom scheme's options are invalid (${recipe}).`, details: {} };
    }
    return recipe.verify(input, recipe.o.toleranceSec);
  },
  sign(input) {
    const recipe = recipeOf(input.options);
    if (typeof recipe === 'string') throw new SigningError(`The custom scheme's options are invalid (${recipe}).`);
    return recipe.sign(input);
  },
  validateOptions: customOptionIssues,
};

/** Headers a custom configuration reads (for re-signing). */
export function customHeaders(options: Readonly<Record<string, unknown>>): readonly string[] {
  const recipe = recipeOf(options);
  return typeof recipe === 'string' ? [] : recipe.headers;
}

export function customUrlBound(options: Readonly<Record<string, unknown>>): boolean {
  const recipe = recipeOf(options);
  return typeof recipe !== 'string' && recipe.urlBound;
}
