"""The command line's help (``somsim … --help``) in Danish.

Each English help text of :mod:`somsim.cli` with its Danish text, and the words click writes around them.

The English texts are the keys, as written in the commands' options and docstrings (docstrings as
``inspect.cleandoc`` leaves them). tests/test_language.py fails on an option or command whose help has no
Danish text here, so a changed English help must be changed here too. Option names, metavars
(``N``, ``PATH``) and choices (``da|en``) stay as they are: they are what the user types. Values a user types
(``0.05,0.95``, ``1e6``) are written as they are typed. Imported only when help is shown in Danish.
"""

from __future__ import annotations

#: click's own words in a help page
CLICK = {
    "usage": "Brug:",
    "options": "Tilvalg",
    "commands": "Kommandoer",
    "default": "standard",
    "required": "påkrævet",
}

_LANG = ("Language and number format of everything the command prints and writes: da (Danish, 1.234.567 kr.) or "
         "en (English, DKK 1,234,567).")
_JSON = "Write {what} as JSON to PATH ('-' for stdout)."
_WORKERS = "{what} on a local Dask cluster with N workers (needs the [dask] extra)."
_SCHEDULER = "{what} on an existing Dask scheduler at ADDRESS (tcp://HOST:8786)."

#: English help text -> Danish help text
HELP = {
    # the group and click's own options
    "somsim: SØM business cases with honest uncertainty.": "somsim: SØM-business cases med ærlig usikkerhed.",
    "Show this message and exit.": "Vis denne hjælp og afslut.",
    "Show the version and exit.": "Vis versionen og afslut.",
    "Language of this help and of the command that follows, unless it is given its own --lang.":
        "Sproget i denne hjælp og i den kommando, der følger, medmindre den får sit eget --lang.",
    # shared options (cli/options.py)
    "Random seed.": "Startværdi (seed) for de tilfældige tal.",
    "Sampling design.": "Stikprøvedesign.",
    _LANG: "Sprog og talformat for alt, hvad kommandoen udskriver og skriver: da (dansk, 1.234.567 kr.) eller en "
           "(engelsk, DKK 1,234,567).",
    "da, or SOMSIM_LANG, or the locale": "da, eller SOMSIM_LANG, eller sproget i systemets locale",
    "Threads for the kernel (results do not depend on them).": "Tråde til beregningskernen (resultaterne afhænger "
                                                               "ikke af dem).",
    "Progress bar (default: on a terminal).": "Statuslinje (standard: i en terminal).",
    _JSON.format(what="summary.json"): "Skriv summary.json som JSON til PATH ('-' for standardoutput).",
    _JSON.format(what="the results"): "Skriv resultaterne som JSON til PATH ('-' for standardoutput).",
    _JSON.format(what="the comparison"): "Skriv sammenligningen som JSON til PATH ('-' for standardoutput).",
    _JSON.format(what="the portfolio"): "Skriv porteføljen som JSON til PATH ('-' for standardoutput).",
    _WORKERS.format(what="Run"): "Kør på en lokal Dask-klynge med N arbejdsprocesser (workers; kræver ekstrapakken "
                                 "[dask]).",
    _SCHEDULER.format(what="Run"): "Kør på en eksisterende Dask-scheduler på ADDRESS (tcp://HOST:8786).",
    _WORKERS.format(what="Evaluate (not for oat)"): "Beregn (ikke for oat) på en lokal Dask-klynge med N "
                                                    "arbejdsprocesser (workers; kræver ekstrapakken [dask]).",
    _SCHEDULER.format(what="Evaluate (not for oat)"): "Beregn (ikke for oat) på en eksisterende Dask-scheduler på "
                                                      "ADDRESS (tcp://HOST:8786).",
    # check
    "Validate SCENARIO; print its inputs and the base case.": "Kontrollér SCENARIO; vis dets input og "
                                                              "basisberegningen.",
    # init
    "Write an annotated template scenario NAME.toml to start your own case.":
        "Skriv en kommenteret skabelon til et scenarie, NAME.toml, som udgangspunkt for din egen case.",
    "Where to write the scenario (default: NAME.toml).": "Hvor scenariet skrives (standard: NAME.toml).",
    "Overwrite an existing file.": "Overskriv en eksisterende fil.",
    # run
    "Base case and probabilistic run of SCENARIO.": "Basisberegning og probabilistisk kørsel af SCENARIO.",
    "Monte Carlo draws (0: base case only; 'auto': until the Monte Carlo error of the headline figures is small; "
    "1e6 and 1_000_000 are fine).":
        "Antal Monte Carlo-træk (0: kun basisberegningen; 'auto': indtil Monte Carlo-fejlen på "
        "hovedtallene er lille; 1e6 og 1_000_000 kan også skrives).",
    "Write DIR/results.nc and DIR/summary.json.": "Skriv DIR/results.nc og DIR/summary.json.",
    "Write the tables to an Excel workbook.": "Skriv tabellerne til en Excel-projektmappe.",
    "Write the tables as CSV files into DIR.": "Skriv tabellerne som CSV-filer i DIR.",
    "Draws per chunk (rounded up to a whole number of 8192-draw blocks); results do not depend on it.":
        "Træk pr. portion (rundet op til et helt antal blokke á 8192 træk); resultaterne afhænger ikke af det.",
    "How the quantiles are computed (always exactly): 'exact' keeps the NPVs of every draw in memory (32 bytes a "
    "draw), 'stream' keeps only the values near each quantile (bounded memory, same numbers), 'auto' streams "
    "above 1 GiB (33.5 million draws) and on Dask, when --out is not given. (The quantile range of `somsim "
    "sensitivity` is its --probs.)":
        "Hvordan fraktilerne beregnes (altid eksakt): 'exact' holder hvert træks nettonutidsværdier i "
        "hukommelsen (32 byte pr. træk), 'stream' holder kun værdierne nær hver fraktil (begrænset hukommelse, "
        "samme tal), 'auto' streamer over 1 GiB (33,5 mio. træk) og på Dask, når --out ikke er angivet. "
        "(Fraktilintervallet i `somsim sensitivity` er dens --probs.)",
    "With --draws auto: target Monte Carlo error relative to the NPV's standard deviation.":
        "Med --draws auto: den tilstræbte Monte Carlo-fejl i forhold til nettonutidsværdiens "
        "standardafvigelse.",
    # sensitivity
    "Which inputs of SCENARIO drive the spread of its results.": "Hvilke input i SCENARIO der driver spredningen "
                                                                 "af dets resultater.",
    "sobol: variance-based indices; morris: screening; delta, pawn, rbd-fast, hdmr: given-data methods on the "
    "correlated sample (delta is slow: seconds per input at 1,000 draws); oat: tornado and switching values.":
        "sobol: variansbaserede indeks; morris: screening; delta, pawn, rbd-fast, hdmr: metoder på givne data, "
        "på den korrelerede stikprøve (delta er langsom: sekunder pr. input ved 1.000 træk); oat: tornado og "
        "skifteværdier.",
    "npv (default: total and each actor), npv.kommune, npv_per_participant[.ACTOR], net (every year, total), "
    "net.ACTOR, net.ACTOR.YEAR, all. Repeat or separate by commas.":
        "npv (standard: i alt og hver aktør), npv.kommune, npv_per_participant[.ACTOR], net (hvert år, i alt), "
        "net.ACTOR, net.ACTOR.YEAR, all. Gentag tilvalget, eller adskil med kommaer.",
    "sobol: base sample, a power of two (default 4096; 2^14 is fine) or 'auto' (double until the intervals are "
    "narrow); morris: trajectories (100); given-data: draws (10,000; delta 1,000; hdmr 2,000).":
        "sobol: grundstikprøven, en potens af to (standard 4096; 2^14 kan også skrives) eller 'auto' (fordobl, "
        "indtil intervallerne er smalle); morris: forløb (100); givne data: træk (10.000; delta 1.000; hdmr "
        "2.000).",
    "sobol: also second-order indices.": "sobol: også andenordensindeks.",
    "sobol: also indices of the groups.": "sobol: også indeks for grupperne.",
    "Bootstrap resamples for the intervals (default 100; delta and hdmr 20).":
        "Bootstrap-genudtrækninger til intervallerne (standard 100; delta og hdmr 20).",
    "Confidence level of the bootstrap intervals.": "Konfidensniveau for bootstrap-intervallerne.",
    "sobol: an interval is narrow when its half-width ≤ max(TOL·index, TOL/10).":
        "sobol: et interval er smalt, når dets halve bredde ≤ max(TOL·indeks, TOL/10).",
    "morris: levels (even).": "morris: niveauer (et lige antal).",
    "oat: the probabilities of the tornado's low and high quantiles; morris: the quantile range the levels span. "
    "(Called --quantiles before; `somsim run --quantiles` is how quantiles are computed.)":
        "oat: sandsynlighederne for tornadoens lave og høje fraktil; morris: det fraktilinterval, niveauerne "
        "spænder over. (Hed tidligere --quantiles; `somsim run --quantiles` er, hvordan fraktiler beregnes.)",
    "oat: a user range for an input (also a fixed one, e.g. success_rate=0.1:0.4); repeatable.":
        "oat: et selvvalgt interval for et input (også et fast, fx success_rate=0.1:0.4); kan gentages.",
    # voi
    "Value of information: which local data are worth collecting before deciding on SCENARIO.":
        "Værdi af information: hvilke lokale data det kan betale sig at indsamle, før der besluttes om SCENARIO.",
    "Monte Carlo draws (≥ 1000).": "Antal Monte Carlo-træk (≥ 1000).",
    "Whose NPV decides (default: the scenario's perspective).": "Hvis nettonutidsværdi der afgør beslutningen "
                                                                "(standard: scenariets perspektiv).",
    "Invest only if the NPV exceeds this (default 0).": "Invester kun, hvis nettonutidsværdien overstiger denne "
                                                        "værdi (standard 0).",
    "Write the ranking plot (PNG).": "Skriv rangordningsfiguren (PNG).",
    "EVSI and ENBS of a local study of INPUT.": "EVSI og ENBS for en lokal undersøgelse af INPUT.",
    "Study sizes for --evsi (default 5 … 2000).": "Undersøgelsesstørrelser til --evsi (standard 5 … 2000).",
    "Fixed cost of the study.": "Undersøgelsens faste omkostning.",
    "Cost per participant or case.": "Omkostning pr. deltager eller sag.",
    "Study design for --evsi (default: binomial for rates; gamma for prices, costs and scales).":
        "Undersøgelsesdesign til --evsi (standard: binomial for rater; gamma for priser, omkostninger og "
        "skalaer).",
    "gamma design: CV of one case's cost (> 0).": "gamma-design: variationskoefficienten (CV) for én sags "
                                                   "omkostning (> 0).",
    "normal design: SD of one observation.": "normal-design: standardafvigelsen (SD) for én observation.",
    "Bootstrap resamples per estimate (the SE quoted is the larger of this and the regression's).":
        "Bootstrap-genudtrækninger pr. estimat (den angivne standardfejl er den største af denne og "
        "regressionens).",
    "Inputs shown in the table and the plot.": "Antal input i tabellen og figuren.",
    "With --evsi: the posterior of INPUT, the P(NPV > 0) and the decision for the 10th, 50th and 90th percentile "
    "outcomes of the recommended study (the same update an [[observation]] gets).":
        "Med --evsi: posterioren for INPUT, P(NNV > 0) og beslutningen ved 10-, 50- og 90-procentfraktilen af "
        "udfaldet af den anbefalede undersøgelse (den samme opdatering som en [[observation]]).",
    # report
    "Write a self-contained HTML report of SCENARIO (plots embedded; opens offline in any browser).\n\n"
    "A scenario with [[observation]] entries is reported on the posterior, with a section on what the\n"
    "local data changed. --compare OTHER.toml (and --vs-nothing) add a comparison section.":
        "Skriv en selvstændig HTML-rapport om SCENARIO (figurerne indlejret; åbner uden net i enhver browser).\n\n"
        "Et scenarie med [[observation]]-afsnit rapporteres på posterioren, med et afsnit om, hvad de\n"
        "lokale data ændrede. --compare OTHER.toml (og --vs-nothing) tilføjer et afsnit med en sammenligning.",
    "Where to write the report (default: SCENARIO-ID.html in the current directory).":
        "Hvor rapporten skrives (standard: SCENARIO-ID.html i den aktuelle mappe).",
    "Monte Carlo draws (0: base case only).": "Antal Monte Carlo-træk (0: kun basisberegningen).",
    "Add sensitivity and value of information (small runs).": "Tilføj følsomhed og værdi af information (små "
                                                              "kørsler).",
    "Also write the report's tables to an Excel workbook.": "Skriv også rapportens tabeller til en "
                                                            "Excel-projektmappe.",
    "Also write the report's tables as CSV files into DIR.": "Skriv også rapportens tabeller som CSV-filer i DIR.",
    "Add a section comparing SCENARIO with OTHER on common random numbers (P(best), expected loss, the "
    "difference); repeat for more options.":
        "Tilføj et afsnit, der sammenligner SCENARIO med OTHER på fælles tilfældige tal (P(bedst), forventet "
        "tab, forskellen); gentag for flere muligheder.",
    "Compare with the status quo too (an option with NPV 0).": "Sammenlign også med status quo (en mulighed med "
                                                               "nettonutidsværdi 0).",
    # library
    "List, search or show the activities of a bundled library.\n\n\b\n"
    "somsim library list                  every activity, with its prices\n"
    "somsim library search anbringelse    activities matching every word (æ/ø/å = ae/oe/aa)\n"
    "somsim library show straffesag_dom   one activity in full: prices, source, note":
        "Oplist, søg i eller vis aktiviteterne i et medfølgende bibliotek.\n\n\b\n"
        "somsim library list                  alle aktiviteter med deres priser\n"
        "somsim library search anbringelse    aktiviteter, der matcher hvert ord (æ/ø/å = ae/oe/aa)\n"
        "somsim library show straffesag_dom   én aktivitet i sin helhed: priser, kilde, note",
    "The bundled library (somsim:NAME).": "Det medfølgende bibliotek (somsim:NAME).",
    # compare
    "Compare options SCENARIOS … (two or more, or one with --vs-nothing) on the same draws.":
        "Sammenlign mulighederne SCENARIOS … (to eller flere, eller én med --vs-nothing) på de samme træk.",
    "Monte Carlo draws (EVPPI needs ≥ 1000).": "Antal Monte Carlo-træk (EVPPI kræver ≥ 1000).",
    "Whose NPV decides (default: the first scenario's perspective).":
        "Hvis nettonutidsværdi der afgør valget (standard: det første scenaries perspektiv).",
    "Add the status quo: an option with NPV 0 and no cost.": "Tilføj status quo: en mulighed med "
                                                             "nettonutidsværdi 0 og ingen omkostning.",
    "Net benefit = NPV − R × present-value cost (R kr. of return required per krone spent).":
        "Nettogevinst = nettonutidsværdi − R × omkostningernes nutidsværdi (R kr. i krævet afkast pr. brugt "
        "krone).",
    "Skip the EVPPI of the choice per input (the slow part).": "Spring valgets EVPPI pr. input over (den "
                                                               "langsomme del).",
    "Write the plot (PNG): probability best by required return, and the difference of the first two options.":
        "Skriv figuren (PNG): sandsynligheden for at være bedst efter krævet afkast, og forskellen mellem de to "
        "første muligheder.",
    "Inputs shown in the EVPPI table.": "Antal input i EVPPI-tabellen.",
    # portfolio
    "The portfolio of SCENARIOS … that fits the budget and maximises the expected NPV.":
        "Den portefølje af SCENARIOS …, der holder sig inden for budgettet og giver den største forventede "
        "nettonutidsværdi.",
    "The budget for the options' costs (present value); with --years, give it once (the same every year) or once "
    "per year.":
        "Budgettet for mulighedernes omkostninger (nutidsværdi); med --years angives det én gang (det samme hvert "
        "år) eller én gang pr. år.",
    "Who pays: whose costs count against the budget.": "Hvem betaler: hvis omkostninger tæller mod budgettet.",
    "Budget years 0 … N-1, each with its budget, instead of the present value of the costs.":
        "Budgetår 0 … N-1, hvert med sit budget, i stedet for omkostningernes nutidsværdi.",
    "Whose NPV is maximised (default: the first scenario's perspective).":
        "Hvis nettonutidsværdi der maksimeres (standard: det første scenaries perspektiv).",
    "Monte Carlo draws.": "Antal Monte Carlo-træk.",
}
