import fc from 'fast-check';
import { type GraphQLCompositeType, getNamedType, isAbstractType, isCompositeType, isObjectType, isUnionType } from 'graphql';
import { schema } from '../../src/graphql/schema.ts';
import { documentLimits } from '../../src/graphql/shared/document-limits.ts';

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
/** C0 (NUL first), DEL and C1. */
const controlCharacter = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((code) => String.fromCharCode(code));
/** Characters that trimming, NFKC or lower-casing change, that look empty, or that need escaping. */
const trickyCharacter = fc.constantFrom(' ', '\u00a0', '\u200b', '\ufeff', '\u2028', 'e\u0301', 'ﷺ', 'İ', '🔑', '"', '\\');
const anyCodePoint = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const oddCharacter = fc.oneof(anyCodePoint, loneSurrogate, controlCharacter, trickyCharacter);
/** A few characters repeated to a length the rules draw a line at, in code points (10k: far past all). */
const atALimit = fc
  .tuple(fc.string({ unit: oddCharacter, minLength: 1, maxLength: 4 }), fc.constantFrom(7, 8, 100, 101, 128, 129, 254, 255, 10_000))
  .map(([chunk, length]) => [...chunk.repeat(length)].slice(0, length).join(''));

/** Any string a client can send in JSON: empty, printable, any code point, lone surrogates, NUL, 10k long. */
export const anyText = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: oddCharacter }),
  atALimit,
);
/** Mostly values the rules accept, so that accounts exist to activate and sign in to. */
const mostly = <T>(plausible: fc.Arbitrary<T>, ...others: fc.Arbitrary<T>[]) =>
  fc.oneof({ weight: 4 * others.length, arbitrary: plausible }, ...others);
export const emailText = mostly(
  fc.stringMatching(/^[a-z0-9]{1,8}([._+-][A-Za-z0-9]{1,8})?@[a-z0-9]{1,8}(-[a-z0-9]{1,4})?\.[a-z]{2,4}$/),
  fc.emailAddress(),
  anyText,
);
export const passwordText = mostly(
  fc.string({ unit: 'grapheme', minLength: 8, maxLength: 24 }),
  // Breached, and NFKC-equal to breached (full-width letters).
  fc.constantFrom('iloveyou', 'Password1', 'qwertyuiop', 'ｐａｓｓｗｏｒｄ'),
  anyText,
);
export const nameText = mostly(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), anyText);
/**
 * JSON that is not a string, for a `String!`: the serialised form of NaN and Infinity is null.
 * Small, but for one list long enough to pass the limit on values in variables.
 */
export const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.array(fc.nat(), { minLength: 90, maxLength: 110 }),
);

/** A selection on a composite type: a field (maybe aliased, maybe under @include/@skip) or a fragment. */
export type Selection =
  | { field: string; aliased: boolean; condition: Condition | undefined; selections: Selection[] }
  | { on: string; named: boolean; selections: Selection[] };
type Condition = { directive: 'include' | 'skip'; value: boolean; variable: boolean };
/** `arbitrary` once in `1 + skips` times, else undefined: documents stay under the token limit. */
const sometimes = <T>(skips: number, arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: skips, arbitrary: fc.constant(undefined) }, arbitrary);
const condition = sometimes(3, fc.record({ directive: fc.constantFrom('include', 'skip'), value: fc.boolean(), variable: fc.boolean() }));
const fieldOf = (field: string, selections: fc.Arbitrary<Selection[]>) =>
  sometimes(1, fc.record({ field: fc.constant(field), aliased: fc.boolean(), condition, selections }));

/** The type conditions a fragment may name inside a selection on `type`. */
function fragmentTypes(type: GraphQLCompositeType): GraphQLCompositeType[] {
  if (isObjectType(type)) return [type, ...type.getInterfaces()];
  if (!isUnionType(type)) return [type, ...schema.getPossibleTypes(type)];
  return [...type.getTypes(), ...new Set(type.getTypes().flatMap((member) => member.getInterfaces()))];
}

/** A non-empty random selection set on `type`, read from the schema, nested at most `depth` deep. */
function selectionsOn(type: GraphQLCompositeType, depth: number): fc.Arbitrary<Selection[]> {
  const options: fc.Arbitrary<Selection | undefined>[] = [fieldOf('__typename', fc.constant([]))];
  for (const field of isUnionType(type) ? [] : Object.values(type.getFields())) {
    const fieldType = getNamedType(field.type);
    // Fields with arguments are left out: the mutations among them the caller places, one per document.
    if (field.args.length > 0) continue;
    if (!isCompositeType(fieldType)) options.push(fieldOf(field.name, fc.constant([])));
    else if (depth > 0) options.push(fieldOf(field.name, selectionsOn(fieldType, depth - 1)));
  }
  for (const on of depth > 0 ? fragmentTypes(type) : []) {
    const fragment = fc.record({ on: fc.constant(on.name), named: fc.boolean(), selections: selectionsOn(on, depth - 1) });
    options.push(sometimes(2, fragment));
  }
  const typename: Selection = { field: '__typename', aliased: false, condition: undefined, selections: [] };
  return fc.tuple(...options).map((chosen) => {
    const selections = chosen.filter((selection) => selection !== undefined);
    return selections.length > 0 ? selections : [typename];
  });
}

type Value = Record<string, unknown>;
/** A selection set as text, and the part of a result it selects. */
interface Rendered {
  text: string;
  project(value: Value): Value;
}

/** One document being written: aliases, directives and fragments numbered, variables collected. */
class DocumentWriter {
  #aliases = 0;
  #directives = 0;
  readonly fragments: string[] = [];
  readonly variables: Record<string, boolean> = {};
  /** Aliases the caller writes itself, within the limit. */
  readonly #reservedAliases: number;

  constructor(reservedAliases = 0) {
    this.#reservedAliases = reservedAliases;
  }

  selections(selections: Selection[]): Rendered {
    const parts = selections.map((selection): Rendered => {
      const inner = this.selections(selection.selections);
      const body = selection.selections.length > 0 ? ` { ${inner.text} }` : '';
      if ('on' in selection) {
        const project = (value: Value) => (appliesTo(selection.on, value.__typename as string) ? inner.project(value) : {});
        if (!selection.named) return { text: `... on ${selection.on}${body}`, project };
        const name = `F${this.fragments.length}`;
        this.fragments.push(`fragment ${name} on ${selection.on}${body}`);
        return { text: `...${name}`, project };
      }
      const aliased = selection.aliased && this.#aliases < documentLimits.maxAliases - this.#reservedAliases;
      const key = aliased ? `a${this.#aliases++}` : selection.field;
      const { directive, shown } = this.#condition(selection.condition);
      return {
        text: `${aliased ? `${key}: ` : ''}${selection.field}${directive}${body}`,
        project: (value) => {
          // A field the schema gained since: the expected results must learn it, not pass it unchecked.
          if (!(selection.field in value)) throw new Error(`No expected value for ${value.__typename}.${selection.field}`);
          return shown ? { [key]: projectValue(value[selection.field], inner.project) } : {};
        },
      };
    });
    return {
      text: parts.map((part) => part.text).join(' '),
      project: (value) => parts.map((part) => part.project(value)).reduce(merge, {}),
    };
  }

  document(operation: 'query' | 'mutation', body: string, definitions: string[] = []): string {
    const all = [...definitions, ...Object.keys(this.variables).map((name) => `$${name}: Boolean!`)];
    return [`${operation}${all.length > 0 ? `(${all.join(', ')})` : ''} { ${body} }`, ...this.fragments].join('\n');
  }

  #condition(condition: Condition | undefined) {
    if (!condition || this.#directives === documentLimits.maxDirectives) return { directive: '', shown: true };
    this.#directives += 1;
    let argument = String(condition.value);
    if (condition.variable) {
      argument = `$v${Object.keys(this.variables).length}`;
      this.variables[argument.slice(1)] = condition.value;
    }
    const shown = condition.value === (condition.directive === 'include');
    return { directive: ` @${condition.directive}(if: ${argument})`, shown };
  }
}

function appliesTo(condition: string, typeName: string): boolean {
  const conditionType = schema.getType(condition);
  const runtimeType = schema.getType(typeName);
  if (condition === typeName) return true;
  return isAbstractType(conditionType) && isObjectType(runtimeType) && schema.isSubType(conditionType, runtimeType);
}

function projectValue(value: unknown, project: (value: Value) => Value): unknown {
  if (Array.isArray(value)) return value.map((item) => projectValue(item, project));
  return isPlainObject(value) ? project(value) : value;
}

/** Fields collected from several fragments merge into one object, as GraphQL executes them. */
function merge(left: unknown, right: unknown): Value {
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.map((item, index) => merge(item, right[index])) as unknown as Value;
  }
  if (!isPlainObject(left) || !isPlainObject(right)) return right as Value;
  const merged: Value = { ...left };
  for (const [key, value] of Object.entries(right)) merged[key] = key in left ? merge(left[key], value) : value;
  return merged;
}

// Expected values hold vitest matchers (class instances): those are leaves, not objects to merge.
const isPlainObject = (value: unknown): value is Value => value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** How the one mutation field of a document is written around its random selections. */
export interface MutationShape {
  aliased: boolean;
  /** Inside `fragment Root on Mutation`. */
  viaFragment: boolean;
  /** The input as an object literal in the document rather than in `$input`. */
  inline: boolean;
  selections: Selection[];
}

export const mutationShape = (resultType: GraphQLCompositeType): fc.Arbitrary<MutationShape> => {
  const selections = selectionsOn(resultType, 3);
  return fc.record({ aliased: fc.boolean(), viaFragment: fc.boolean(), inline: fc.boolean(), selections });
};

/**
 * The document, its variables and the answer to expect for a given result. The root field always
 * selects `outcome: __typename` too, so the caller learns what happened whatever else is selected.
 */
export function mutationDocument(field: string, inputType: string, shape: MutationShape, input: Record<string, string>) {
  const writer = new DocumentWriter(2);
  const inner = writer.selections(shape.selections);
  const key = shape.aliased ? 'root' : field;
  // JSON escapes are GraphQL escapes, but for lone surrogates, which GraphQL refuses to parse.
  const literal = `{ ${Object.entries(input)
    .map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
    .join(', ')} }`;
  const argument = shape.inline ? literal : '$input';
  const rootField = `${shape.aliased ? `${key}: ` : ''}${field}(input: ${argument}) { outcome: __typename ${inner.text} }`;
  if (shape.viaFragment) writer.fragments.push(`fragment Root on Mutation { ${rootField} }`);
  const definitions = shape.inline ? [] : [`$input: ${inputType}!`];
  return {
    query: writer.document('mutation', shape.viaFragment ? '...Root' : rootField, definitions),
    variables: { ...writer.variables, ...(shape.inline ? {} : { input }) },
    expected: (result: Value) => ({ data: { [key]: { outcome: result.__typename, ...inner.project(result) } } }),
  };
}

/** A query document over the whole Query type, and its answer when `me` is null. */
export const queryDocument = selectionsOn(schema.getQueryType()!, 3).map((selections) => {
  const writer = new DocumentWriter();
  const inner = writer.selections(selections);
  return {
    query: writer.document('query', inner.text),
    variables: writer.variables,
    expected: { data: inner.project({ __typename: 'Query', me: null }) },
  };
});
