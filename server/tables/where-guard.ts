// A user's `where` runs inside Lance/DataFusion: in this Node process (the rows
// grid), in the planning process and in the preview sandbox. Two shapes of
// valid SQL take a process down there, so they are refused before it runs:
// - deep expressions: a chain of ~700 `OR`s (or `NOT`s, or `+`s) overflows the
//   stack of the thread that plans it: SIGSEGV, the whole dashboard gone;
// - functions that build values of any size: `repeat(s, 100000000)` asks for
//   hundreds of GB and Rust aborts the process on the failed allocation.
// So: a length cap, an operator cap, a nesting cap, and an allow-list of
// functions whose output is no bigger than their input.
import { badRequest } from "../errors";

export const MAX_WHERE_LENGTH = 10_000;
export const MAX_WHERE_OPERATORS = 100;
export const MAX_WHERE_NESTING = 32;

// Scalar functions that cannot grow a value beyond its input (no repeat, lpad,
// rpad, concat, replace, array_repeat, range, generate_series...).
const FUNCTIONS = new Set(`
  abs acos acosh asin asinh atan atan2 atanh cbrt ceil cos cosh degrees exp floor gcd isnan iszero lcm ln log log10 log2
  mod nanvl pi power pow radians random round sign signum sin sinh sqrt tan tanh trunc greatest least
  ascii bit_length btrim char_length character_length chr ends_with instr left length levenshtein lower ltrim
  octet_length position reverse right rtrim split_part starts_with strpos substr substring substr_index to_hex trim upper
  contains regexp_like regexp_match regexp_count like ilike md5 sha224 sha256 sha384 sha512 digest
  coalesce nullif nvl nvl2 ifnull isnull isnotnull
  now current_date current_time today date_part datepart date_trunc datetrunc date_bin extract to_timestamp to_timestamp_seconds
  to_timestamp_millis to_timestamp_micros to_timestamp_nanos to_date to_unixtime from_unixtime make_date
  array_has array_has_all array_has_any array_contains array_length array_element array_extract array_position array_ndims
  array_dims cardinality list_has list_has_all list_has_any list_contains list_length list_element list_extract list_position
  get_field contains_tokens json_extract json_exists json_get json_get_string json_get_int json_get_float json_get_bool
  json_array_contains json_array_length cast try_cast arrow_cast arrow_typeof
`.split(/\s+/).filter(Boolean));
// Words that may precede a parenthesis without being a function call.
const KEYWORDS = new Set("and or not in is between like ilike when then else case exists any all as from escape decimal numeric varchar char character timestamp time date interval float double real int integer bigint smallint".split(" "));

/** Throws a 400 naming the problem when `where` must not run. */
export function checkWhere(where: string, field = "where"): void {
  if (where.length > MAX_WHERE_LENGTH) throw badRequest(`${field} is too long (${where.length} characters; at most ${MAX_WHERE_LENGTH})`);
  if (!where.isWellFormed()) throw badRequest(`${field} is not valid Unicode (it holds a lone surrogate)`);
  if (where.includes("\0")) throw badRequest(`${field} contains a NUL character`);
  let ops = 0;
  let depth = 0;
  let deepest = 0;
  const n = where.length;
  for (let i = 0; i < n; ) {
    const c = where[i];
    if (c === "'" || c === '"' || c === "`") {
      // a string literal or a quoted identifier; a doubled quote escapes itself
      let j = i + 1;
      for (; j < n; j++) {
        if (where[j] === c) {
          if (where[j + 1] === c) j++;
          else break;
        }
      }
      i = j + 1; // unterminated: Lance's parser says so
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(where[j])) j++;
      const word = where.slice(i, j).toLowerCase();
      let k = j;
      while (k < n && /\s/.test(where[k])) k++;
      if (word === "and" || word === "or" || word === "not") ops++;
      else if (where[k] === "(" && !KEYWORDS.has(word) && !FUNCTIONS.has(word)) {
        throw badRequest(`function '${where.slice(i, j)}' is not allowed in ${field}: functions that can build arbitrarily large values are refused (see README, "where")`);
      }
      i = j;
    } else if (/[0-9.]/.test(c)) {
      const m = /^[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?/.exec(where.slice(i, i + 64));
      i += m ? m[0].length : 1;
    } else if ("=<>!+-*/%|&^~".includes(c)) {
      ops++;
      while (i < n && "=<>!+-*/%|&^~".includes(where[i])) i++;
    } else {
      if (c === "(") deepest = Math.max(deepest, ++depth);
      else if (c === ")") depth--;
      i++;
    }
  }
  if (ops > MAX_WHERE_OPERATORS) {
    throw badRequest(`${field} has too many operators (${ops}; at most ${MAX_WHERE_OPERATORS}): for many values use IN (...)`);
  }
  if (deepest > MAX_WHERE_NESTING) throw badRequest(`${field} nests parentheses too deeply (${deepest} levels; at most ${MAX_WHERE_NESTING})`);
}
