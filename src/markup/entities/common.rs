//! The named character references the wasm builds have built in: the 106
//! legacy names (those that may go without their `;`, `&amp` as `&amp;`) and
//! 95 common others (`&hellip;`, `&mdash;`, `&rsquo;`, `&hearts;`, …), 201
//! records in all, taken from table.rs in the same format and order. A
//! body that names another makes the entry load the whole table
//! (pkg/entities.txt, written from table.rs by scripts/entities-file.mjs):
//! see `super::later`, and docs/benchmarks.md, "The live build". The recorded
//! platform answers in ../shared/corpora name only `&amp;`, `&lt;`, `&gt;`
//! and `&quot;`.

/// The records, sorted by name.
pub(super) const TABLE: &str = "\
AElig~Æ\0AMP~&\0Aacute~Á\0Acirc~Â\0Agrave~À\0Aring~Å\0Atilde~Ã\0Auml~Ä\0COPY~©\0Ccedil~Ç\0Dagger=‡\0\
ETH~Ð\0Eacute~É\0Ecirc~Ê\0Egrave~È\0Euml~Ë\0GT~>\0Hat=^\0Iacute~Í\0Icirc~Î\0Igrave~Ì\0Iuml~Ï\0LT~<\0\
NewLine=\u{a}\0Ntilde~Ñ\0OElig=Œ\0Oacute~Ó\0Ocirc~Ô\0Ograve~Ò\0Omega=Ω\0Oslash~Ø\0Otilde~Õ\0Ouml~Ö\0\
Prime=″\0QUOT~\"\0REG~®\0Scaron=Š\0THORN~Þ\0Tab=\u{9}\0Uacute~Ú\0Ucirc~Û\0Ugrave~Ù\0Uuml~Ü\0\
Yacute~Ý\0Yuml=Ÿ\0aacute~á\0acirc~â\0acute~´\0aelig~æ\0agrave~à\0alpha=α\0amp~&\0apos='\0aring~å\0\
ast=*\0asymp=≈\0atilde~ã\0auml~ä\0bdquo=„\0beta=β\0brvbar~¦\0bsol=\\\0bull=•\0ccedil~ç\0cedil~¸\0\
cent~¢\0check=✓\0circ=ˆ\0clubs=♣\0colon=:\0comma=,\0commat=@\0copy~©\0curren~¤\0dagger=†\0darr=↓\0\
dash=‐\0deg~°\0delta=δ\0diams=♦\0divide~÷\0dollar=$\0eacute~é\0ecirc~ê\0egrave~è\0emsp= \0ensp= \0\
equals==\0eth~ð\0euml~ë\0euro=€\0excl=!\0fnof=ƒ\0frac12~½\0frac14~¼\0frac34~¾\0gamma=γ\0ge=≥\0\
grave=`\0gt~>\0harr=↔\0hearts=♥\0hellip=…\0hyphen=‐\0iacute~í\0icirc~î\0iexcl~¡\0igrave~ì\0infin=∞\0\
iquest~¿\0iuml~ï\0lambda=λ\0laquo~«\0larr=←\0lcub={\0ldquo=“\0le=≤\0lowbar=_\0lpar=(\0lrm=\u{200e}\0\
lsaquo=‹\0lsqb=[\0lsquo=‘\0lt~<\0macr~¯\0mdash=—\0micro~µ\0middot~·\0minus=−\0mu=μ\0nbsp~ \0\
ndash=–\0ne=≠\0not~¬\0ntilde~ñ\0num=#\0oacute~ó\0ocirc~ô\0oelig=œ\0ograve~ò\0omega=ω\0ordf~ª\0\
ordm~º\0oslash~ø\0otilde~õ\0ouml~ö\0para~¶\0percnt=%\0period=.\0permil=‰\0pi=π\0plus=+\0plusmn~±\0\
pound~£\0prime=′\0quest=?\0quot~\"\0radic=√\0raquo~»\0rarr=→\0rcub=}\0rdquo=”\0reg~®\0rlm=\u{200f}\0\
rpar=)\0rsaquo=›\0rsqb=]\0rsquo=’\0sbquo=‚\0scaron=š\0sect~§\0semi=;\0shy~\u{ad}\0sigma=σ\0sol=/\0\
spades=♠\0star=☆\0starf=★\0sum=∑\0sup1~¹\0sup2~²\0sup3~³\0szlig~ß\0thinsp= \0thorn~þ\0tilde=˜\0\
times~×\0trade=™\0uacute~ú\0uarr=↑\0ucirc~û\0ugrave~ù\0uml~¨\0uuml~ü\0verbar=|\0vert=|\0yacute~ý\0\
yen~¥\0yuml~ÿ\0zwj=\u{200d}\0zwnj=\u{200c}\0";
