// The package's other entry points as a page imports them for their effect:
// with noUncheckedSideEffectImports, tsc fails when one does not resolve
// through the package's `exports`.
import "thread-widget/thread-widget.js";
