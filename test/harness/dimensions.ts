/**
 * Puts facilities and divisions on an organisation's lists through the API, as its settings
 * admin would: lines, accounts and restrictions may name only entries of the lists.
 */
export async function addDimensions(
  apiUrl: string,
  authorization: string,
  lists: { readonly facilities?: readonly string[]; readonly divisions?: readonly string[] },
): Promise<void> {
  for (const [plural, codes] of [
    ['facilities', lists.facilities ?? []],
    ['divisions', lists.divisions ?? []],
  ] as const)
    for (const code of codes) {
      const response = await fetch(`${apiUrl}/settings/${plural}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ code, name: `Name of ${code}` }),
      });
      if (response.status !== 201 && response.status !== 409)
        throw new Error(`adding ${plural} ${code}: ${response.status} ${await response.text()}`);
    }
}
