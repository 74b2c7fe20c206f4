// DET-010: word lists that let the tiny vocabulary tokenize a coding agent's
// request (English instructions plus JSON tool schemas) in far fewer tokens than
// one per character, so a 50 KB request fits a 32k context. Chosen from general
// English and programming usage, not from any one prompt.

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w.length > 0);

/** Everyday and instructional English; each is stored with a leading ▁ (a space before it). */
export const ENGLISH_WORDS = words(`
  the of and to a in is it you that he was for on are with as his they be at one have this from or
  had by not but what some we can out other were all there when up use your how said an each she which
  do their time if will way about many then them write would like so these her long make thing see him
  two has look more day could go come did number no most people my over know than call first who may
  down side been now find any new work part take get place made live where after back little only
  round year came show every good me give our under name very through just form sentence great think
  say help low line turn cause much mean before move right old too same tell does set three want well
  also play small end put home read hand large add even here must big high such follow act why ask
  change went light kind off need try again point near build self head stand own page should found
  answer still learn cover keep never last let thought start might story far draw left late run while
  press close real life few open seem together next begin got walk example ease paper group always
  those both mark often until second carry took began idea stop once base hear cut sure watch face
  main enough plain usual ready above ever list though feel talk soon body family direct leave measure
  door product short class question happen complete area half order fire problem piece told knew pass
  since top whole space heard best hour better true during hundred five remember step early hold
  ground interest reach fast listen six table less simple several toward against pattern slow center
  person serve appear road map rule pull notice unit power fine certain fall lead dark machine note wait
  plan figure box field rest correct able done stood contain front teach week final gave quick develop
  free minute strong special mind behind clear produce fact street nothing course stay full force
  object decide surface deep system busy test record common possible dry check game shape bring yes
  fill among rather instead unless whether within without across along already another anything
  around available because being below between cannot case cases certain either else especially
  everything exactly following further given however including least likely means mostly need needed
  needs nor often otherwise particular per possible previous previously prior provide provided
  provides quite really regardless relevant required requires respond response result results same
  several should similar specific specified still such sure therefore though thus together truly
  unclear unnecessary unsure upon usually various via what whatever whenever wherever which whichever
  whose yet yourself itself themselves something someone everyone anyone instead outside inside
  doing done does don't doesn't isn't can't won't you're it's that's there's let's i'm
  using used uses user users make makes making made take takes taking given gives giving get gets
  getting run runs running ran add adds adding added call calls calling called create creates
  creating created update updates updating updated delete deletes deleting deleted remove removes
  removing removed change changes changing changed write writes writing written read reads reading
  open opens opening opened find finds finding found search searches searching searched follow follows
  following followed include includes including included contain contains containing contained
  return returns returning returned match matches matching matched show shows showing shown ask asks
  asking asked try tries trying tried work works working worked check checks checking checked start
  starts starting started finish finishes finishing finished complete completes completing completed
  explain explains explaining explained describe describes describing described keep keeps keeping
  kept avoid avoids avoiding avoided prefer prefers preferring preferred allow allows allowing allowed
  require requiring support supports supporting supported understand understanding understood
  important importantly carefully clearly directly exactly immediately instead generally proactively
  concise concisely brief short long detailed helpful accurate correct correctly properly existing
  current currently recent recently multiple single separate separately relative absolute explicit
  explicitly specific specifically optional optionally default automatically manually actual actually
  already appropriate appropriately necessary unless only also when where whenever each every task
  tasks step steps goal goals plan plans planning context conversation message messages reply answer
  answers request requests instruction instructions guideline guidelines rule rules policy example
  examples note notes warning warnings error errors issue issues bug bugs fix fixes fixed fixing
  feature features behavior behaviour information detail details summary description descriptions
  reason reasons purpose approach solution solutions option options choice choices decision result
  value values input inputs output outputs format formats formatted formatting content contents
  text texts word words character characters number numbers count limit limits size length total
  maximum minimum first last next previous before after above below begin end beginning ending
`);

/** Programming and tool-use vocabulary; stored with a leading ▁ like the English words. */
export const CODE_WORDS = words(`
  file files path paths directory directories folder folders project projects repository repo code
  codebase source function functions method methods class classes module modules package packages
  library libraries dependency dependencies import imports export exports variable variables constant
  type types interface interfaces object objects array arrays string strings integer integers boolean
  booleans null undefined true false json yaml xml html css markdown script scripts command commands
  shell bash terminal process processes server servers client clients request response api endpoint
  endpoints url urls http https network port host test tests testing lint linter linting build builds
  compile compiler runtime debug debugging log logs logging config configuration settings environment
  install installed git commit commits branch branches merge push pull diff status staged stage hook
  hooks tool tools agent agents model models token tokens prompt prompts schema schemas parameter
  parameters property properties argument arguments field fields key keys item items list lists map
  index line lines column columns row rows offset range pattern patterns regex regular expression glob
  match query queries filter filters sort sorted order unique edit edits editing editor old new
  replace replacement string notebook cell cells search grep find read write create delete move copy
  rename directory timeout background foreground session sessions permission permissions user
  assistant system todo todos pending progress completed status web fetch page pages content domain
  domains image images data database table tables version versions release changelog documentation
  docs readme comment comments style convention conventions framework frameworks npm node python
  javascript typescript react java rust go c cpp ruby php sql docker linux macos windows unix
  absolute relative working exit code stdout stderr output input argument flag flags option
  options sandbox approval security secret secrets credential credentials password passwords key
  vulnerability vulnerabilities safe unsafe dangerous destructive force interactive background
  parallel concurrently sequentially batch independent dependent specialized general purpose
`);

/**
 * Words that also appear without a space before them: as JSON keys and values
 * (after a quote), at the start of a line, inside snake_case and camelCase names.
 */
export const BARE_WORDS = words(`
  type string object array boolean integer number null true false description properties required
  items enum default name names parameters function functions additional Properties additionalProperties
  minimum maximum min max format file path command content pattern old new text query url prompt todos
  status id glob include exclude replace all output mode limit offset timeout description line lines
  cell notebook edit edits tool tools user assistant system role message messages arguments value
  values key keys data result error errors input schema http https www com org io src lib test tests
  dist build json ts js md py sh txt yaml yml
  The This That These Those There It Its If When While Where What Which Who Why How Use Using Do Does
  Don't Never Always Only Note NOTE IMPORTANT Important Example Examples Usage Returns Return Each
  Every For In On To After Before Otherwise You Your We Be Make Run Read Write Edit Search Find Check
  Keep Avoid Prefer Follow Provide Ask Instead Also Here Some Any All No Not Yes A An As At By Or And
  But So Then Once Unless Whether Both Either Default Optional Required Example Set Get Add Remove
  Create Update Delete List Show Open Close Start Stop Test Tests Build File Files Path Tool Tools
  Task Tasks Todo Bash Grep Glob Web Fetch JSON API URL HTTP CLI README
`);

/**
 * Word endings and beginnings stored without a leading space, so a word the
 * lists above miss still splits into a few pieces instead of letters.
 */
export const WORD_PARTS = words(`
  ing ings ed er ers es est ly tion tions sion ment ments ness able ible ity ive al ally ous ize ise
  ure ence ance ent ant ful less ism ist ory ary ate ated ates ating ic ical age ion ions ial
  un re pre con com dis ex im in out over sub inter trans de
`);

/**
 * Punctuation runs of JSON, Markdown and prose. Each is stored after the pieces
 * it can be merged from, so SentencePiece's pair merging can reach it.
 */
export const PUNCTUATION_PIECES = [
  '":',
  '▁"',
  '":▁"',
  '",',
  '",▁"',
  '{"',
  '"}',
  '"},',
  '"}}',
  '},',
  '}}',
  '}},',
  '["',
  '"]',
  '"],',
  '[]',
  '[],',
  '▁{',
  '▁{"',
  '▁[',
  '▁["',
  '▁-',
  '▁--',
  '▁(',
  '▁`',
  '`,',
  '`.',
  '),',
  ').',
  '."',
  '.",',
  '..',
  '...',
  '//',
  '://',
  '##',
  '###',
  '**',
  '▁**',
  '▁=',
  '▁==',
  '=>',
  '▁=>',
  '->',
  '▁->',
  '▁<',
  '▁>',
  '▁|',
  '▁/',
  '▁*',
  '▁+',
  '▁&',
  '&&',
  '▁&&',
  '||',
  '▁||',
];

/**
 * Line breaks, tabs, and the escapes JSON puts in place of them (a tool
 * description rendered with tojson is full of backslash-n).
 */
export const LINE_PIECES = [
  '\n',
  '\n\n',
  '.\n',
  ':\n',
  ',\n',
  '\t',
  '\\',
  '\\n',
  '\\n\\',
  '\\n\\n',
  '.\\',
  '.\\n',
  ':\\',
  ':\\n',
  '\\"',
  '\\t',
];
