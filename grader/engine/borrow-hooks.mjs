// Module resolution hooks for `npm run grade -- NN --borrow MM`: an import that lands in the student's
// labs/MM-…/ is answered with solutions/MM-…/ instead, so a lab can be graded on top of the reference
// of an earlier one. Plain JavaScript: loader hooks run on their own thread, before TypeScript support.
let mappings = [];

export function initialize(data) {
  mappings = data?.mappings ?? [];
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  for (const [from, to] of mappings) {
    if (result.url.startsWith(from)) return { ...result, url: to + result.url.slice(from.length) };
  }
  return result;
}
