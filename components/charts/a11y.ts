// Recharts draws every chart as <svg role="application" tabindex="0"> with no name (its
// accessibilityLayer): Tab lands on a nameless "application" and a screen reader leaves browse
// mode. Each chart here is named after its card or caption instead. Where its values are also a
// table or a CSV beside it, the chart is one named image and no tab stop; where the keyboard
// tooltip (arrow keys through the buckets) is the way to read values, it stays a named tab stop.

/**
 * Props for a recharts chart element: `aria-label` = `label` (the card title or figure caption);
 * `keyboard` keeps recharts' keyboard layer (a focusable role="application"), otherwise the chart
 * is role="img" and not focusable.
 */
export function chartA11y(label: string, keyboard = false): { accessibilityLayer: boolean; role: string; "aria-label": string } {
  return keyboard ? { accessibilityLayer: true, role: "application", "aria-label": label } : { accessibilityLayer: false, role: "img", "aria-label": label };
}
