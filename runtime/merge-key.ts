/**
 * Merge criteria keys, normalised per kind of value so that one real-world
 * thing written two ways is one key (a missed match on a creating flow is a
 * duplicate). The kind comes from the criterion's property names:
 *
 * - `email` (`email`, `e_mail`, `emailAddress`, `Emails.Value`, `Epost`, ...): trimmed and lower-cased,
 *   so `KARI@example.no ` and `kari@example.no` are one person;
 * - `phone` (`phone`, `mobile`, `fax`, `telephone`, ...): only digits and a
 *   leading `+` (`00` becomes `+`), so `+47 900 00 001`, `+47-90000001` and
 *   `004790000001` are one number; a number with its country code and the same
 *   number without it stay apart (the country is not guessed);
 * - `org-number` (`orgNumber`, `organizationNumber`, `Organisasjonsnummer`,
 *   `vatNumber`, `companyNumber`, and national identity numbers such as
 *   `Personnummer`, `nationalIdentityNumber`, `SocialSecurityNumber`): letters
 *   and digits only, upper-cased, the Norwegian VAT form's `NO` and `MVA`
 *   dropped, so `987 654 321`, `987654321` and `NO 987 654 321 MVA` are one company;
 * - `gtin` (`gtin`, `ean`, `upc`, `barcode`): digits only without leading
 *   zeros, so an EAN-13 and the same article's GTIN-14 (`0` + EAN) are one;
 * - `text`, everything else: Unicode NFC, trimmed, runs of white space as one
 *   space; case is kept (`Acme AS` and `ACME AS` may be two companies).
 *
 * Numbers and booleans are their text (`42` matches `"42"`); null, empty and
 * what normalises to nothing give no key, and never match.
 */

export type MergeKeyKind = 'email' | 'phone' | 'org-number' | 'gtin' | 'text';

export const MERGE_KEY_KINDS: readonly MergeKeyKind[] = ['email', 'phone', 'org-number', 'gtin', 'text'];

export function mergeKey(kind: MergeKeyKind, value: unknown): string | undefined {
  const text = keyText(value);
  if (text === undefined) return undefined;
  let key: string;
  switch (kind) {
    case 'email':
      key = text.trim().toLowerCase();
      break;
    case 'phone': {
      const compact = text.replace(/[^0-9+]/g, '');
      key = (compact.startsWith('00') ? `+${compact.slice(2)}` : compact).replace(/(?!^)\+/g, '');
      if (!/[0-9]/.test(key)) return undefined;
      break;
    }
    case 'org-number':
      key = text.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/^NO(?=[0-9]{9}(MVA)?$)/, '').replace(/^([0-9]{9})MVA$/, '$1');
      break;
    case 'gtin':
      key = text.replace(/[^0-9]/g, '').replace(/^0+(?=[0-9])/, '');
      break;
    default:
      key = text.trim().replace(/\s+/g, ' ');
  }
  return key === '' ? undefined : key;
}

function keyText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.normalize('NFC');
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  // A list or an object has no key: the criterion matches nothing for this record.
  throw new TypeError(`a merge criterion value is ${Array.isArray(value) ? 'a list' : 'an object'}, not a single value`);
}

/** The words of a property name: `organizationNumber`, `org_nr` and `properties.phone` split into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** The kind of a criterion from its property paths (a segment of either side naming it is enough: `Emails.Value`). */
export function mergeKeyKind(...paths: readonly (readonly string[])[]): MergeKeyKind {
  const kinds = paths.flatMap((path) => path.map(kindOfName));
  for (const kind of ['email', 'phone', 'org-number', 'gtin'] as const) if (kinds.includes(kind)) return kind;
  return 'text';
}

function kindOfName(name: string): MergeKeyKind {
  const w = words(name);
  const joined = w.join('');
  if (/^e?mails?$/.test(joined) || joined.includes('email') || /^e?post(adresse)?$/.test(joined)) return 'email';
  if (['gtin', 'ean', 'upc', 'barcode', 'ean13', 'gtin14'].includes(joined)) return 'gtin';
  if (['personnummer', 'fodselsnummer', 'nationalidentitynumber', 'nationalid', 'socialsecuritynumber', 'ssn'].includes(joined)) return 'org-number';
  if (w.some((x) => ['phone', 'mobile', 'cellphone', 'fax', 'tel', 'telephone', 'telefon', 'mobil', 'msisdn'].includes(x)) || /phone|mobil/.test(joined)) {
    return 'phone';
  }
  if (/^(org|organi[sz]ation|company|vat|business|registration)(nr|no|num|number|id|code)$/.test(joined) || ['orgnr', 'orgno', 'vat', 'vatno', 'organisasjonsnummer'].includes(joined)) {
    return 'org-number';
  }
  return 'text';
}
