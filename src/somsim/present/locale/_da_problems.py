"""Danish: bad-input problems (``PROBLEMS``) and usage errors (``USAGE``), by the English the library writes.

Each entry is ``code: (pattern, text)``: the pattern matches one English message in full (see
:mod:`somsim.present.translate` for ``{x:n}``, ``{x:i}`` and ``{x:t}``). Values the user wrote
(``angivet 'komune'``) stay as written; the library's own numbers take the Danish format. ``TERMS`` holds
the parts that recur (type words, roles of a distribution, reasons a file is refused).
"""

# the English value of a pattern: what the user wrote, up to the closing parenthesis of "(got …)"
_G = r"(?P<got>.+?)"

TERMS = {
    "did you mean": "; mente du '{word}'?",
    # what a key holds (pydantic's types, in the schema's words)
    "an integer": "et heltal",
    "a number": "et tal",
    "a finite number": "et endeligt tal",
    "text": "tekst",
    "true or false": "true eller false",
    "a list": "en liste",
    "a table": "en tabel",
    "a value": "en værdi",
    "a number or a distribution table { dist = ... }": "et tal eller en fordelingstabel { dist = ... }",
    "a number or a matrix": "et tal eller en matrix",
    "somsim = 1 at the top of the file": "somsim = 1 øverst i filen",
    "years": "år",
    "whole years": "hele år",
    "both": "begge",
    "neither": "ingen af dem",
    "none": "ingen",
    "no parameters": "ingen parametre",
    # the roles of a distribution (what its support must be)
    "a success rate must have support in [0, 1]": "en succesrate skal have støtte i [0; 1]",
    "a completion rate must have support in [0, 1]": "en gennemførelsesrate skal have støtte i [0; 1]",
    "a haircut must have support in [0, 1) (h = 1 would remove the whole effect)":
        "en nedskrivning skal have støtte i [0; 1) (h = 1 ville fjerne hele effekten)",
    "prices, costs and scales must be ≥ 0": "priser, omkostninger og skalaer skal være ≥ 0",
    "a discount rate must stay above -0.9": "en diskonteringsrente skal være over −0,9",
    " (use beta, or truncnormal, uniform, triangular or pert within [0, 1])":
        " (brug beta, eller truncnormal, uniform, triangular eller pert inden for [0; 1])",
    " (use truncnormal, beta, gamma, lognormal or a bounded family)":
        " (brug truncnormal, beta, gamma, lognormal eller en begrænset familie)",
    "; use a plain number for a fixed value": "; brug et almindeligt tal for en fast værdi",
    # why a file is not read
    "file not found": "filen findes ikke",
    "permission denied": "adgang nægtet",
    "a part of the path is a file, not a folder": "en del af stien er en fil, ikke en mappe",
    "the path is a loop of symbolic links": "stien er en løkke af symbolske links",
    "a loop of symbolic links": "en løkke af symbolske links",
    "the path contains a NUL character": "stien indeholder et NUL-tegn",
    "a directory": "en mappe",
    "a folder": "en mappe",
    "a FIFO": "en FIFO",
    "a device or socket": "en enhed eller sokkel",
    "Permission denied": "adgang nægtet",
    "No such file or directory": "filen eller mappen findes ikke",
    "Is a directory": "er en mappe",
    "Not a directory": "er ikke en mappe",
    "File name too long": "filnavnet er for langt",
    "Read-only file system": "skrivebeskyttet filsystem",
    "No space left on device": "ikke mere plads på enheden",
    # TOML syntax (tomllib's messages)
    "Invalid value": "ugyldig værdi",
    "Unclosed array": "uafsluttet array",
    "Unclosed inline table": "uafsluttet inline-tabel",
    "Cannot overwrite a value": "kan ikke overskrive en værdi",
    "Cannot mutate immutable namespace": "kan ikke ændre en allerede defineret tabel",
    "Expected '=' after a key in a key/value pair": "forventede '=' efter en nøgle i et nøgle/værdi-par",
    "Invalid statement": "ugyldig sætning",
    "Invalid initial character for a key part": "ugyldigt første tegn i en del af en nøgle",
    "Expected newline or end of document after a statement": "forventede linjeskift eller filens slutning efter "
                                                             "en sætning",
    "Expected ']' at the end of a table declaration": "forventede ']' i slutningen af en tabelerklæring",
    "Expected ']]' at the end of an array declaration": "forventede ']]' i slutningen af en array-erklæring",
    "Unterminated string": "uafsluttet tekststreng",
    "Invalid date or datetime": "ugyldig dato eller tidspunkt",
    "Invalid number": "ugyldigt tal",
    "Invalid hex value": "ugyldig hex-værdi",
    "Unescaped '\\' in a string": "ikke-escapet '\\' i en tekststreng",
    "Expected '=' after a key": "forventede '=' efter en nøgle",
}

#: words of an English list ("a, b or c") in Danish, for a part no pattern matches
JOINERS = {" or ": " eller ", " and ": " og "}

PROBLEMS = {
    # ---- the schema: one key's value (scenario/schema.py, scenario/structure.py)
    "missing": (r"required key is missing \(expected (?P<what>.+)\)", "påkrævet nøgle mangler (forventet {what:t})"),
    "missing_table": (r"a table \[(?P<t>.+)\]", "en tabel [{t}]"),
    "extra": (r"unknown key \(expected one of (?P<keys>.+)\)", "ukendt nøgle (forventet en af {keys})"),
    "extra_format": (r"unknown key \(not part of format 1\)", "ukendt nøgle (ikke en del af format 1)"),
    "list_of_tables": (r"expected a list of tables \(got a table; write \[\[(?P<t>.+)\]\], with double brackets, "
                       r"for each one\)",
                       "forventede en liste af tabeller (angivet en tabel; skriv [[{t}]], med dobbelte klammer, for "
                       "hver enkelt)"),
    "unknown_actor": (rf"unknown actor \(got {_G}; expected (?P<exp>.+)\)",
                      "ukendt aktør (angivet {got}; forventet {exp:t})"),
    "unknown_perspective": (rf"unknown perspective \(got {_G}; expected (?P<exp>.+)\)",
                            "ukendt perspektiv (angivet {got}; forventet {exp:t})"),
    "unknown_per": (rf"unknown per \(got {_G}; expected (?P<exp>.+)\)",
                    "ukendt værdi af per (angivet {got}; forventet {exp:t})"),
    "index_positive": (rf"a price index must be > 0 \(got {_G}\)", "et prisindeks skal være > 0 (angivet {got})"),
    "index_implausible": (rf"implausible price index \(got {_G}; expected 0\.001 … 1e6, e\.g\. 100 in the base "
                          r"year\)",
                          "usandsynligt prisindeks (angivet {got}; forventet 0,001 … 1e6, fx 100 i basisåret)"),
    "id_pattern": (rf"expected lower-case letters, digits and '-' \(got {_G}\)",
                   "forventede små bogstaver, cifre og '-' (angivet {got})"),
    "price_year": (rf"not a plausible year \(got {_G}; expected e\.g\. (?P<eg>\d+)\)",
                   "ikke et plausibelt årstal (angivet {got}; forventet fx {eg})"),
    "out_of_range": (rf"out of range \(got {_G}; expected (?P<lo>-?\d+) … (?P<hi>\d+) (?P<unit>years|whole years)\)",
                     "uden for det tilladte (angivet {got}; forventet {lo:n} … {hi} {unit:t})"),
    "no_cohort": (r"expected at least one cohort \(got \[\]\)", "forventede mindst ét hold (angivet [])"),
    "no_year": (r"expected at least one year \(got \[\]\)", "forventede mindst ét år (angivet [])"),
    "no_profile": (r"expected at least one year of consequences \(got \[\]\)",
                   "forventede mindst ét år med konsekvenser (angivet [])"),
    "no_group_member": (r"expected at least one input name or pattern \(got \[\]\)",
                        "forventede mindst ét inputnavn eller mønster (angivet [])"),
    "participants_negative": (rf"participants must be ≥ 0 \(got {_G}\)",
                              "antallet af deltagere skal være ≥ 0 (angivet {got})"),
    "participants_many": (rf"implausibly many participants \(got {_G}; expected at most (?P<max>[\d,]+)\)",
                          "usandsynligt mange deltagere (angivet {got}; forventet højst {max:n})"),
    "evidence_level": (rf"unknown evidence level \(got {_G}; expected 1, 2 or 3: SØM's levels 1 meta-analysis/RCT, "
                       r"2 quasi-experiment with a comparison group, 3 before–after without one\)",
                       "ukendt evidensniveau (angivet {got}; forventet 1, 2 eller 3: SØM's niveauer 1 metaanalyse/RCT, "
                       "2 kvasieksperiment med en sammenligningsgruppe, 3 før–efter uden en)"),
    "evidence_type": (rf"expected a whole number 1, 2 or 3 without quotes \(got {_G}\)",
                      "forventede et helt tal 1, 2 eller 3 uden anførselstegn (angivet {got})"),
    "year_twice": (rf"a year is listed twice \(got {_G}\)", "et år står der to gange (angivet {got})"),
    "units_large": (rf"implausibly large \(got {_G}; expected at most (?P<max>\S+) units per successful person and "
                    r"year\)",
                    "usandsynligt stort (angivet {got}; forventet højst {max:n} enheder pr. person med succes og år)"),
    "too_large": (rf"implausibly large \(got {_G}; expected at most (?P<max>\S+) in absolute value\)",
                  "usandsynligt stort (angivet {got}; forventet numerisk højst {max:n})"),
    "se_large": (rf"implausibly large \(got {_G}; expected at most (?P<max>\S+)\)",
                 "usandsynligt stort (angivet {got}; forventet højst {max:n})"),
    "se_negative": (rf"a standard error must be ≥ 0 \(got {_G}\)", "en standardfejl skal være ≥ 0 (angivet {got})"),
    "lag_type": (rf"expected a whole number of years \(got {_G}\)", "forventede et helt antal år (angivet {got})"),
    "input_twice": (r"an input is listed twice", "et input står der to gange"),
    "correlation_short": (r"a correlation needs at least two inputs \(got (?P<n>\d+)\)",
                          "en korrelation skal have mindst to input (angivet {n})"),
    "correlation_range": (rf"a correlation lies in \[-1, 1\] \(got {_G}\)",
                          "en korrelation ligger i [−1; 1] (angivet {got})"),
    "activity_key": (rf"an activity key may hold letters, digits, '-' and '_' only \(got {_G}\)",
                     "en aktivitetsnøgle må kun indeholde bogstaver, cifre, '-' og '_' (angivet {got})"),
    "index_key": (rf"price index keys are years \(got {_G}; expected e\.g\. 2019\)",
                  "prisindeksets nøgler er årstal (angivet {got}; forventet fx 2019)"),
    "committee_empty": (r"a committee needs at least one activity key or cost\.<slug> pattern \(got \[\]\)",
                        "et udvalg skal have mindst én aktivitetsnøgle eller ét cost.<slug>-mønster (angivet [])"),
    "committee_table": (rf"expected a table of committee = \[patterns\] \(got {_G}\)",
                        "forventede en tabel med udvalg = [mønstre] (angivet {got})"),
    "expected_shown": (r"expected (?P<what>.+?) \(got (?P<got>a table|a list)\)",
                       "forventede {what:t} (angivet {got:t})"),
    "expected_type": (rf"expected (?P<what>.+?) \(got {_G}\)", "forventede {what:t} (angivet {got})"),
    # pydantic's own messages, by type (structure.py adds "(got …)")
    "pydantic": (rf"(?P<msg>[A-Z][^(]*?) \(got {_G}\)", "{msg:t} (angivet {got})"),
    "greater_than": (r"Input should be greater than (?P<v>\S+)", "værdien skal være større end {v:n}"),
    "greater_than_equal": (r"Input should be greater than or equal to (?P<v>\S+)",
                           "værdien skal være større end eller lig med {v:n}"),
    "less_than": (r"Input should be less than (?P<v>\S+)", "værdien skal være mindre end {v:n}"),
    "less_than_equal": (r"Input should be less than or equal to (?P<v>\S+)",
                        "værdien skal være mindre end eller lig med {v:n}"),
    "int_parsing": (r"Input should be a valid integer(?:, .*)?", "værdien skal være et gyldigt heltal"),
    "float_parsing": (r"Input should be a valid number(?:, .*)?", "værdien skal være et gyldigt tal"),
    "finite_number": (r"Input should be a finite number", "værdien skal være et endeligt tal"),
    "string_type": (r"Input should be a valid string", "værdien skal være en tekst"),
    "bool_type": (r"Input should be a valid boolean(?:, .*)?", "værdien skal være true eller false"),
    "list_type": (r"Input should be a valid list", "værdien skal være en liste"),
    "dict_type": (r"Input should be a valid dictionary(?: or instance of \w+)?", "værdien skal være en tabel"),
    "literal": (r"Input should be (?P<exp>'.*')", "værdien skal være {exp:t}"),
    "too_short": (r"(?:List|Value) should have at least (?P<n>\d+) items? after validation, not (?P<got>\d+)",
                  "skal have mindst {n} elementer (har {got})"),
    "too_long": (r"(?:List|Value) should have at most (?P<n>\d+) items? after validation, not (?P<got>\d+)",
                 "må højst have {n} elementer (har {got})"),
    "string_short": (r"String should have at least (?P<n>\d+) characters?", "teksten skal have mindst {n} tegn"),
    "string_pattern": (r"String should match pattern (?P<p>'.*')", "teksten skal passe til mønsteret {p}"),
    "extra_forbidden": (r"Extra inputs are not permitted", "ukendt nøgle"),
    "field_required": (r"Field required", "påkrævet nøgle mangler"),
    "value_error": (r"Value error, (?P<msg>.+)", "ugyldig værdi: {msg:t}"),
    # ---- rules relating several values (scenario/rules.py, consequences.py, observations.py)
    "discount_percent": (rf"a discount rate is a fraction per year, not a percentage \(got {_G}; expected at most "
                         r"(?P<max>\S+)\): did you mean (?P<fix>\S+)\?",
                         "en diskonteringsrente er en brøk pr. år, ikke en procentsats (angivet {got}; forventet "
                         "højst {max:n}): mente du {fix}?"),
    "cohorts_horizon": (r"(?P<n>\d+) cohorts run beyond the horizon of (?P<h>\d+) years \(expected at most "
                        r"(?P<m>\d+)\)",
                        "{n} hold rækker ud over horisonten på {h} år (forventet højst {m})"),
    "no_participant": (r"at least one participant is required \(got 0 in all cohorts\)",
                       "der kræves mindst én deltager (angivet 0 i alle hold)"),
    "gross_key": (r"unknown key of a gross/baseline success rate \(expected gross and baseline\)",
                  "ukendt nøgle i en succesrate med brutto- og basisrate (forventet gross og baseline)"),
    "gross_missing": (r"a gross/baseline success rate needs both gross and baseline \(missing (?P<k>\w+)\)",
                      "en succesrate med brutto- og basisrate skal have både gross og baseline ({k} mangler)"),
    "committee_perspective": (rf"a committee perspective needs an \[udvalg\] table \(got {_G}\)",
                              "et udvalgsperspektiv kræver en [udvalg]-tabel (angivet {got})"),
    "committee_name": (r"a committee needs a name \(got an empty one\)",
                       "et udvalg skal have et navn (angivet et tomt)"),
    "committee_nothing": (rf"matches no consequence activity and no cost\.<slug> \(got {_G}\)",
                          "passer til ingen konsekvensaktivitet og ingen cost.<slug> (angivet {got})"),
    "committee_twice": (r"(?P<x>.+) is already named by committee (?P<c>.+) \(an item belongs to one committee\)",
                        "{x} er allerede nævnt af udvalget {c} (en post hører til ét udvalg)"),
    "committee_unknown": (rf"unknown committee \(got {_G}; expected one of (?P<exp>.+)\)",
                          "ukendt udvalg (angivet {got}; forventet et af {exp})"),
    "year_horizon": (rf"year outside the horizon \(got {_G}; expected 0 … (?P<hi>\d+)\)",
                     "året ligger uden for horisonten (angivet {got}; forventet 0 … {hi})"),
    "cost_value": (r"a cost needs exactly one of per_participant or amount \(got (?P<w>both|neither)\)",
                   "en omkostning skal have præcis én af per_participant og amount (angivet {w:t})"),
    "cost_per": (rf"per applies to per_participant items only \(got per = {_G} on an amount; an amount is charged "
                 r"whoever starts or completes: remove `per`\)",
                 "per gælder kun poster med per_participant (angivet per = {got} på et amount; et beløb betales, "
                 "uanset hvem der starter eller gennemfører: fjern `per`)"),
    "cost_years": (r"years applies to amount items only; a per-participant cost falls in each cohort's year",
                   "years gælder kun poster med amount; en omkostning pr. deltager falder i hvert holds år"),
    "cost_name": (rf"a cost needs a name with letters or digits \(got {_G}\)",
                  "en omkostning skal have et navn med bogstaver eller cifre (angivet {got})"),
    "cost_twice": (rf"duplicate cost name \(got {_G}; (?P<c>cost\[\d+\]) has the same input name (?P<n>\S+)\)",
                   "omkostningens navn er brugt før (angivet {got}; {c} har samme inputnavn {n})"),
    "index_twice": (r"price index for (?P<y>\d+) given twice with different values \((?P<v>\S+) in (?P<f>.+)\)",
                    "prisindekset for {y} er angivet to gange med forskellige værdier ({v:n} i {f})"),
    "correlate_fixed": (rf"a fixed input cannot be correlated \(got {_G}, a plain number; expected an uncertain "
                        r"input: give it a distribution\)",
                        "et fast input kan ikke korreleres (angivet {got}, et almindeligt tal; forventet et usikkert "
                        "input: giv det en fordeling)"),
    "correlate_unknown": (rf"unknown or fixed input \(got {_G}; correlations take uncertain inputs\)",
                          "ukendt eller fast input (angivet {got}; korrelationer tager usikre input)"),
    "correlate_pair": (r"the pair (?P<a>\S+) / (?P<b>\S+) is already correlated in (?P<c>correlation\[\d+\])",
                       "parret {a} / {b} er allerede korreleret i {c}"),
    "group_nothing": (rf"matches no uncertain input \(got {_G}\)", "passer til intet usikkert input (angivet {got})"),
    "control_key": (r"the key holds the control character (?P<ch>.+); remove it \(keys are plain text\)",
                    "nøglen indeholder kontroltegnet {ch}; fjern det (nøgler er almindelig tekst)"),
    "control_text": (r"the text holds the control character (?P<ch>.+) at position (?P<i>\d+)(?P<more> and \d+ more)?; "
                     r"remove it \(only tab and newline are allowed in text\)",
                     "teksten indeholder kontroltegnet {ch} på position {i}{more:t}; fjern det (kun tabulator og "
                     "linjeskift er tilladt i tekst)"),
    "and_more": (r" and (?P<n>\d+) more", " og {n} flere"),
    "matrix_size": (r"expected a number or a (?P<k>\d+)×(?P=k) matrix for (?P=k) inputs",
                    "forventede et tal eller en {k}×{k}-matrix for {k} input"),
    "matrix_form": (r"a correlation matrix must be symmetric with ones on the diagonal and entries in \[-1, 1\]",
                    "en korrelationsmatrix skal være symmetrisk med 1 i diagonalen og elementer i [−1; 1]"),
    "not_psd": (r"the correlations are not positive semi-definite \(smallest eigenvalue (?P<e>\S+) of the copula "
                r"matrix over (?P<over>.+)\); weaken some correlations",
                "korrelationerne er ikke positivt semidefinitte (mindste egenværdi {e:n} af copula-matricen over "
                "{over}); gør nogle af dem svagere"),
    "thousands": (r"a dot is a decimal point in TOML, so (?P<tok>\S+) reads as (?P<v>\S+) kr\. \(got (?P=tok); for "
                  r"(?P=tok) kr\. write (?P<a>\S+) or (?P<b>\S+); if you mean (?P=v) kr\., write (?P=v)\)",
                  "et punktum er decimaltegn i TOML, så {tok} læses som {v:n} kr. (angivet {tok}; for {tok} kr. skriv "
                  "{a} eller {b}; mener du {v:n} kr., så skriv {v})"),
    "normal_negative": (rf"prices, costs and scales must be ≥ 0, and this normal has probability (?P<p>\S+) below 0 "
                        rf"\(got {_G}; expected at most (?P<max>\S+): use lognormal or gamma, or truncnormal with "
                        r"low = 0\)",
                        "priser, omkostninger og skalaer skal være ≥ 0, og denne normalfordeling har sandsynligheden "
                        "{p:n} under 0 (angivet {got}; forventet højst {max:n}: brug lognormal eller gamma, eller "
                        "truncnormal med low = 0)"),
    "point_support": (rf"the point value must lie in the support \(got {_G}; expected (?P<s>\[.*\])\)",
                      "punktværdien skal ligge i fordelingens støtte (angivet {got}; forventet {s:i})"),
    "consequence_twice": (r"activity (?P<a>.+) already has a consequence \((?P<c>consequence\[\d+\])\); merge the two",
                          "aktiviteten {a} har allerede en konsekvens ({c}); slå de to sammen"),
    "activity_unknown": (rf"unknown activity \(got {_G}; define \[activity\.(?P<k>.+)\] or include a library\)",
                         "ukendt aktivitet (angivet {got}; definér [activity.{k}] eller inkludér et bibliotek)"),
    "profile_long": (r"too long \(got (?P<n>\d+) years; expected at most (?P<m>\d+)\)",
                     "for lang (angivet {n} år; forventet højst {m})"),
    "se_count": (r"expected one standard error per year of per_success \(got (?P<g>\d+); expected (?P<e>\d+)\)",
                 "forventede én standardfejl pr. år af per_success (angivet {g}; forventet {e})"),
    "index_missing": (r"prices in (?P<f>\d+) need conversion to the scenario's price year (?P<t>\d+), but "
                      r"\[price_index\] has no value for (?P<ys>.+?) \((?P<have>it has .+|no \[price_index\] table is "
                      r"given or included); expected: add (?P<add>.+?) to a \[price_index\] table in the scenario, the "
                      r"annual average of Danmarks Statistik's nettoprisindeks \(Statistikbanken PRIS116/PRIS115\)"
                      r"(?P<base> on the same base as the years it has \(.+\))?, or give the price in (?P=t) prices "
                      r"with a consequence's price override\)",
                      "priser fra {f} skal omregnes til scenariets prisår {t}, men [price_index] har ingen værdi for "
                      "{ys:t} ({have:t}; forventet: tilføj {add} til en [price_index]-tabel i scenariet, "
                      "årsgennemsnittet af Danmarks Statistiks nettoprisindeks (Statistikbanken PRIS116/PRIS115)"
                      "{base:t}, eller angiv prisen i {t}-priser med en konsekvens' prisoverstyring)"),
    "index_has": (r"it has (?P<a>\d+)–(?P<b>\d+)", "den har {a}–{b}"),
    "index_none": (r"no \[price_index\] table is given or included", "ingen [price_index]-tabel er angivet eller "
                                                                     "inkluderet"),
    "index_base": (r" on the same base as the years it has \((?P<y>\d+) = (?P<v>\S+)\)",
                   " på samme basis som de år, den har ({y} = {v:n})"),
    "observation_form": (r"an observation needs exactly one of: k and n \(successes of n\), values \(≥ 2 observed "
                         r"values\), mean, sd and n, or count and exposure \(events in exposure units\) \(got "
                         r"(?P<got>.+)\)",
                         "en observation skal have præcis én af: k og n (k succeser af n), values (≥ 2 observerede "
                         "værdier), mean, sd og n, eller count og exposure (hændelser i exposure enheder) "
                         "(angivet {got:t})"),
    "observation_fixed": (r"(?P<x>.+) is fixed: local data can only update an input with a distribution",
                          "{x} er fast: lokale data kan kun opdatere et input med en fordeling"),
    "observation_unknown": (r"(?P<x>.+) is not an input of the scenario", "{x} er ikke et input i scenariet"),
    "observation_rate": (r"k of n observes a rate, but (?P<i>\S+) is not in \[0, 1\] \(its support is (?P<s>\[.*\])\); "
                         r"give values or mean, sd and n",
                         "k af n observerer en rate, men {i} ligger ikke i [0; 1] (dens støtte er {s:i}); angiv "
                         "values eller mean, sd og n"),
    "observation_kn": (r"more successes than trials \(got k = (?P<k>\S+), n = (?P<n>\S+); expected k ≤ n\)",
                       "flere succeser end forsøg (angivet k = {k}, n = {n}; forventet k ≤ n)"),
    "observation_count": (r"count and exposure observe an event rate ≥ 0, but (?P<i>\S+) can be negative \(its support "
                          r"starts at (?P<lo>\S+)\); give values or mean, sd and n",
                          "count og exposure observerer en hændelsesrate ≥ 0, men {i} kan være negativ (dens støtte "
                          "begynder ved {lo:n}); angiv values eller mean, sd og n"),
    "observation_same": (r"the values are all the same: their spread is needed \(give mean, sd, n\)",
                         "værdierne er alle ens: deres spredning er nødvendig (angiv mean, sd, n)"),
    # ---- files and includes (scenario/files.py, includes.py, loader.py, _resources.read_limited)
    "not_utf8": (r"the file is not UTF-8 text \(got byte (?P<b>0x[0-9a-f]+) on line (?P<l>\d+); expected UTF-8: save "
                 r"the file as UTF-8\)",
                 "filen er ikke UTF-8-tekst (angivet byten {b} på linje {l}; forventet UTF-8: gem filen som UTF-8)"),
    "toml_syntax": (r"TOML syntax error: (?P<msg>.+?)(?P<col> \(at column \d+\))?",
                    "TOML-syntaksfejl: {msg:t}{col:t}"),
    "toml_column": (r" \(at column (?P<c>\d+)\)", " (i kolonne {c})"),
    "toml_twice": (r"Cannot declare (?P<k>.+) twice", "kan ikke erklære {k} to gange"),
    "toml_char": (r"Illegal character (?P<c>.+)", "ulovligt tegn {c}"),
    "toml_nested": (r"arrays or inline tables nested (?P<d>\d+) deep; at most (?P<m>\d+) levels are accepted \(a "
                    r"scenario needs 3\)",
                    "arrays eller inline-tabeller indlejret {d} niveauer dybt; højst {m} niveauer accepteres (et "
                    "scenarie har brug for 3)"),
    "include_nul": (rf"the included file's name contains a NUL character \(got {_G}\)",
                    "den inkluderede fils navn indeholder et NUL-tegn (angivet {got})"),
    "include_follow": (r"cannot follow the included file (?P<f>'.*?'|\".*?\"): (?P<why>.+)",
                       "kan ikke følge den inkluderede fil {f}: {why:t}"),
    "include_cycle": (r"include cycle \((?P<c>.+)\)", "inkluderingscyklus ({c})"),
    "include_deep": (r"includes nested deeper than (?P<n>\d+)", "inkluderinger indlejret dybere end {n} niveauer"),
    "include_missing": (rf"included file not found \(got {_G}; looked for (?P<p>.+)\)",
                        "inkluderet fil findes ikke (angivet {got}; ledte efter {p})"),
    "include_read": (r"cannot read the included file (?P<f>'.*?'|\".*?\"): (?P<why>.+)",
                     "kan ikke læse den inkluderede fil {f}: {why:t}"),
    "include_kind": (r"the included file (?P<f>.+) is (?P<kind>a directory|a FIFO|a device or socket), not a regular "
                     r"file",
                     "den inkluderede fil {f} er {kind:t}, ikke en almindelig fil"),
    "include_problem": (r"included file (?P<f>'.*?'|\".*?\"): (?P<why>.+)", "inkluderet fil {f}: {why:t}"),
    "include_error": (r"cannot read included file \((?P<e>.+)\)", "kan ikke læse inkluderet fil ({e})"),
    "include_scenario": (r"an included file is an activity library and cannot hold \[scenario\] or \[intervention\]",
                         "en inkluderet fil er et aktivitetsbibliotek og kan ikke indeholde [scenario] eller "
                         "[intervention]"),
    "format_version": (rf"unsupported format version \(got {_G}; expected 1\)",
                       "formatversionen understøttes ikke (angivet {got}; forventet 1)"),
    "activity_twice": (r"activity defined twice \(also in (?P<f>.+)\)",
                       "aktiviteten er defineret to gange (også i {f})"),
    "read_error": (r"cannot read the file \((?P<e>.+)\)", "kan ikke læse filen ({e})"),
    "file_kind": (r"is (?P<kind>.+), not a regular file", "er {kind:t}, ikke en almindelig fil"),
    "file_large": (r"is (?P<s>.+), more than the (?P<l>.+) an input file may have",
                   "fylder {s:n}, mere end de {l:n}, en inputfil må fylde"),
    "file_larger": (r"is more than the (?P<l>.+) an input file may have", "fylder mere end de {l:n}, en inputfil må "
                                                                          "fylde"),
    "more_problems": (r"… and (?P<n>[\d,]+) more problems \(the first (?P<m>[\d,]+) are listed; fix these and check "
                      r"again\)",
                      "… og {n:n} problemer mere (de første {m:n} er vist; ret dem, og tjek igen)"),
    # ---- distributions (somsim.distributions: parse_distribution and the families)
    "role": (r"(?P<role>a success rate must have support in \[0, 1\]|a completion rate must have support in \[0, 1\]|"
             r"a haircut must have support in \[0, 1\) \(h = 1 would remove the whole effect\)|prices, costs and "
             r"scales must be ≥ 0|a discount rate must stay above -0\.9) \(got (?P<got>.+?)(?P<s> with support "
             r"\[[^\]]*[\])])?\)(?P<hint> \(use .*\))?",
             "{role:t} (angivet {got}{s:t}){hint:t}"),
    "support": (r" with support (?P<s>\[.*[\])])", " med støtten {s:i}"),
    "finite": (rf"expected a finite number \(got {_G}\)", "forventede et endeligt tal (angivet {got})"),
    "param_sets": (rf"(?P<fam>\w+) takes one of the parameter sets (?P<sets>.+) \(got {_G}\)",
                   "{fam} tager et af parametersættene {sets} (angivet {got:t})"),
    "dist_missing": (r"a distribution table needs `dist` \(one of (?P<l>.+)\)",
                     "en fordelingstabel skal have `dist` (en af {l})"),
    "family_unknown": (rf"unknown distribution family \(got {_G}; expected one of (?P<l>.+)\)",
                       "ukendt fordelingsfamilie (angivet {got}; forventet en af {l})"),
    "param_unknown": (r"unknown parameter for (?P<fam>\w+) \(expected (?P<sets>.+)\)",
                      "ukendt parameter til {fam} (forventet {sets})"),
    "interval_type": (rf"expected an interval \[low, high\] of two numbers \(got {_G}\)",
                      "forventede et interval [low, high] af to tal (angivet {got})"),
    "interval_order": (rf"the interval's low must be below its high \(got {_G}\)",
                       "intervallets low skal være under dets high (angivet {got})"),
    "too_extreme": (rf"parameters too extreme to compute a (?P<fam>\w+) distribution \(got {_G}; expected moderate "
                    r"values: use a plain number for a fixed value\)",
                    "parametrene er for ekstreme til at beregne en {fam}-fordeling (angivet {got}; forventet moderate "
                    "værdier: brug et almindeligt tal for en fast værdi)"),
    "mode_range": (rf"mode must lie in \[min, max\] \(got {_G}; expected (?P<e>\[.*\])\)",
                   "mode skal ligge i [min; max] (angivet {got}; forventet {e:i})"),
    "positive": (r"(?P<k>\w+) must be > 0 \(got (?P<got>[^;]+?)(?P<hint>; use a plain number for a fixed value)?\)",
                 "{k} skal være > 0 (angivet {got}{hint:t})"),
    "below": (r"(?P<lo>\w+) must be below (?P<hi>\w+) \(got (?P<g>.+)\)", "{lo} skal være under {hi} (angivet {g})"),
    "truncation_far": (r"the truncation interval (?P<i>\[.*\]) lies more than 30 sd from the mean (?P<m>\S+)",
                       "trunkeringsintervallet {i:i} ligger mere end 30 sd fra middelværdien {m:n}"),
    "lognormal_ci": (rf"a lognormal interval must be positive \(got {_G}\)",
                     "et interval for en lognormal skal være positivt (angivet {got})"),
    "median_ci": (rf"the interval must contain the median (?P<m>\S+) \(got {_G}\)",
                  "intervallet skal indeholde medianen {m} (angivet {got})"),
    "ci_width": (r"the interval must have positive width", "intervallet skal have en positiv bredde"),
    "beta_wide": (r"no beta with mean (?P<m>\S+) is that uncertain \(interval width (?P<w>\S+); at most (?P<x>\S+)\)",
                  "ingen beta med middelværdien {m:n} er så usikker (intervallets bredde {w:n}; højst {x:n})"),
    "beta_narrow": (r"interval too narrow for a beta \(width (?P<w>\S+)\)",
                    "intervallet er for smalt til en beta (bredde {w:n})"),
    "beta_mean": (rf"a beta mean must lie in \(0, 1\) \(got {_G}\)",
                  "en betas middelværdi skal ligge i (0; 1) (angivet {got})"),
    "beta_sd": (rf"sd too large for a beta with mean (?P<m>\S+) \(got {_G}; expected < (?P<x>\S+)\)",
                "sd er for stor til en beta med middelværdien {m:n} (angivet {got}; forventet < {x:n})"),
}

# the general forms last: a message matches the first pattern that fits it whole
PROBLEMS["expected_shown"] = PROBLEMS.pop("expected_shown")
PROBLEMS["expected_type"] = PROBLEMS.pop("expected_type")
PROBLEMS["pydantic"] = PROBLEMS.pop("pydantic")
