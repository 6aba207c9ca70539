/**
 * A read-only array whose elements are made when they are read (a data
 * file's records parsed from their bytes): what `SystemAdapter.list` returns
 * stays an array for every caller, and a million records are not held as
 * objects. Each read makes a new object; writes to the array are refused.
 */

/** The index a property key names, or -1 (`"01"`, `"-1"`, `"1.5"` name none). */
function indexOf(key: string): number {
  const n = key.length;
  if (n === 0 || n > 10) return -1;
  const first = key.charCodeAt(0);
  if (first < 0x30 || first > 0x39 || (first === 0x30 && n > 1)) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value < 2 ** 32 - 1 ? value : -1;
}

export function lazyArray<T>(length: number, at: (index: number) => T): readonly T[] {
  const refuse = () => {
    throw new TypeError('a listing of records is read-only');
  };
  return new Proxy([] as T[], {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        if (key === 'length') return length;
        const index = indexOf(key);
        if (index >= 0) return index < length ? at(index) : undefined;
      }
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string') {
        const index = indexOf(key);
        if (index >= 0) return index < length;
      }
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') {
        if (key === 'length') return { value: length, writable: true, enumerable: false, configurable: false };
        const index = indexOf(key);
        if (index >= 0) return index < length ? { value: at(index), writable: false, enumerable: true, configurable: true } : undefined;
      }
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys() {
      const keys: string[] = [];
      for (let i = 0; i < length; i++) keys.push(String(i));
      keys.push('length');
      return keys;
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
    setPrototypeOf: refuse,
    preventExtensions: refuse,
  });
}
