/** "The following properties are synchronized between a <S> and a <T>:": the property table follows. */
const PROPERTIES_INTRO = /^The following properties are synchronized between a (.+?) and a (.+?):$/;

export function matchPropertiesIntro(text: string): { kind: 'properties-intro'; source: string; target: string } | null {
  const m = PROPERTIES_INTRO.exec(text);
  return m ? { kind: 'properties-intro', source: m[1]!, target: m[2]! } : null;
}
