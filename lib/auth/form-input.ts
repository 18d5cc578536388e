// FormData → the domain's input shape, read off the zod schema the action validates with, so a
// form posts `{prod_type: 3, active: true, findings: [4, 7]}` exactly as the API does.
// Browser conventions it follows: an unchecked checkbox sends nothing (so a boolean missing from
// the form is false), a checkbox list sends its name once per chosen value (none: an empty list),
// and an empty number, choice or date field means "not given" (null where the field is nullable).
import type { z } from 'zod';

interface Leaf {
  type: string;
  format?: string;
  nullable: boolean;
  element?: Leaf;
}

interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  element?: z.core.$ZodType;
  format?: string;
}

/** The value type under optional/nullable/default/pipe wrappers. */
function leafOf(schema: z.core.$ZodType, nullable = false): Leaf {
  const def = schema._zod.def as unknown as Def;
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return leafOf(def.innerType!, nullable);
    case 'nullable':
      return leafOf(def.innerType!, true);
    case 'pipe':
      return leafOf(def.in!, nullable);
    case 'array':
      return { type: 'array', nullable, element: leafOf(def.element!) };
    default:
      return { type: def.type, format: def.format, nullable };
  }
}

const TRUE_VALUES = new Set(['on', 'true', '1', 'yes']);

function coerce(raw: string, leaf: Leaf): unknown {
  const blank = raw.trim() === '';
  switch (leaf.type) {
    case 'number':
      return blank ? absent(leaf) : Number(raw);
    case 'boolean':
      return TRUE_VALUES.has(raw.toLowerCase());
    case 'string':
      // Free text keeps an empty string (clearing a description); a formatted value (a date) does not.
      return blank && (leaf.format || leaf.nullable) ? absent(leaf) : raw;
    case 'enum':
    case 'literal':
      return blank ? absent(leaf) : raw;
    default:
      return raw;
  }
}

function absent(leaf: Leaf): null | undefined {
  return leaf.nullable ? null : undefined;
}

export function formInput(schema: z.ZodObject, formData: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const leaf = leafOf(field as z.core.$ZodType);
    const raw = formData.getAll(key).filter((v): v is string => typeof v === 'string');
    if (leaf.type === 'array') {
      input[key] = raw.filter((v) => v !== '').map((v) => coerce(v, leaf.element!));
    } else if (leaf.type === 'boolean') {
      input[key] = raw.length ? coerce(raw.at(-1)!, leaf) : false;
    } else if (raw.length) {
      const value = coerce(raw.at(-1)!, leaf);
      if (value !== undefined) input[key] = value;
    }
  }
  return input;
}
