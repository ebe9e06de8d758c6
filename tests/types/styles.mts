// A bundled page's stylesheet import (its type comes from css.d.ts, as from a bundler's client types).
import "thread-widget/thread-widget.css";
