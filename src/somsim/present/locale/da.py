"""Danish: the text of the report, the plots, the workbook, the headline sentence and the input labels.

Format strings with named fields (``{who}``, ``{y}`` …); the code that fills them is in
:mod:`somsim.present`. Danish number format (``4,4 mio. kr.``, ``93 %``) is applied by the code.
"""

from somsim.present.locale._actors import ActorNames
from somsim.present.locale._da_problems import PROBLEMS, TERMS, USAGE, WORDS  # noqa: F401 - the locale's tables

REPORT = {
    "reconstruction": "Rekonstruktion – ikke den oprindelige beregning.",
    "reconstruction_more": "Offentliggjorte tal er brugt som offentliggjort; alle andre tal er dokumenterede "
                           "antagelser, valgt så basisberegningen rammer det offentliggjorte resultat. Se "
                           "afsnittene Input og Metode.",
    "npv_label": "Nettonutidsværdi for den offentlige sektor, i alt",
    "npv_label_actor": "Nettonutidsværdi for {who}",
    "interval90": "90 %-interval",
    "prob_pos": "sandsynlighed for et positivt resultat",
    "be_by": "{p} sandsynlighed for at være tjent hjem senest i år {t}",
    "be_none": "under 50 % sandsynlighed for at være tjent hjem inden for {h} år",
    "quote": "Sætning til indstillingen",
    "card_pp": "Pr. deltager",
    "card_be": "Tjent hjem (basis)",
    "card_be_year": "år {t}",
    "card_be_never": "ikke inden for {h} år",
    "card_be_sub": "{p} sandsynlighed inden for {h} år",
    "card_gc": "Gevinster (basis, nutidsværdi)",
    "card_gc_sub": "mod omkostninger på {c}",
    "card_actor_sub": "{p} sandsynlighed for overskud",
    "facts": "{n} deltagere i {c} hold · {h} års horisont · {y}-priser · diskonteringsrente {r}",
    "base_only": "Kun basisberegningen (ingen usikkerhedsberegning).",
    "toc": "Indhold",
    "s_about": "Om beregningen",
    "target_group": "Målgruppe",
    "success_criterion": "Succesmål",
    "intervention": "Indsats",
    "cohorts": "Deltagere pr. hold (år 0, 1, …)",
    "perspective": "Perspektiv for overskriften",
    "s_time": "Resultatet over tid",
    "time_intro": "Linjen er basisberegningen – det tal, SØM giver. Båndene viser, hvor den kumulerede "
                  "nettonutidsværdi lå i de simulerede forløb: det mørke bånd rummer halvdelen, det lyse 90 %.",
    "same_as_total": "{who} bærer alle gevinster og omkostninger; kurverne for {who_l} er de samme som for i alt.",
    "actors_caption": "Fordelingen på de offentlige kasser. Hvert panel har sin egen skala.",
    "s_unc": "Hvor sikkert er resultatet?",
    "unc_intro": "Hver søjle er en andel af de {n} simulerede udfald. Søjlerne til højre for nul er udfald, hvor "
                 "indsatsen giver overskud for den offentlige sektor.",
    "s_where": "Hvor kommer gevinsten fra?",
    "where_intro": "Basisberegningens gevinster fordelt på områder, trukket fra omkostningerne. Alle beløb er "
                   "nutidsværdier i {y}-priser.",
    "s_tables": "Tabeller",
    "tab_actor": "Resultat efter aktør (1.000 kr., nutidsværdi, {y}-priser)",
    "tab_pp": "Nettonutidsværdi pr. deltager (kr., {y}-priser; {n} deltagere)",
    "tab_year": "År for år, {who} (1.000 kr., {y}-priser)",
    "tab_year_note": "Gevinster, omkostninger og netto i året er basisberegningens tal i faste priser, "
                     "udiskonteret. Den kumulerede nettonutidsværdi er diskonteret; 5 %, 50 % og 95 % er fraktiler "
                     "af de simulerede forløb ({n} træk), og den sidste kolonne er andelen af forløb, der er tjent "
                     "hjem senest i året.",
    "tab_act": "Gevinster efter aktivitet (1.000 kr., nutidsværdi i basisberegningen)",
    "c_actor": "Aktør",
    "c_gains": "Gevinster",
    "c_costs": "Omkostninger",
    "c_npv": "Netto (basis)",
    "c_mean": "Middelværdi",
    "c_p05": "5 %",
    "c_p50": "50 %",
    "c_p95": "95 %",
    "c_ppos": "P(positiv)",
    "c_be": "Tjent hjem (basis)",
    "s_committees": "Hvem betaler, hvem får gevinsten",
    "committees_intro": "Kommunens gevinster og omkostninger fordelt på udvalg (afsnittet [udvalg] i scenariet); "
                        "hvad intet udvalg nævner, står under Øvrige. Nutidsværdi i {y}-priser; kommunens total "
                        "er den samme som summen af udvalgene.",
    "tab_committees": "Kommunens udvalg: gevinster, omkostninger og nettonutidsværdi "
                      "(1.000 kr., nutidsværdi, {y}-priser)",
    "to": " til ",
    "c_committee": "Udvalg",
    "c_band": "90 %-interval",
    "c_payback": "Tilbagebetalt (udiskonteret)",
    "alt_committees": "Nettonutidsværdi for kommunens udvalg i basisberegningen med 90 %-interval",
    "c_base": "Basis",
    "c_year": "År",
    "c_net": "Netto",
    "c_cum": "Kumuleret NNV (basis)",
    "c_pbe": "P(tjent hjem)",
    "c_activity": "Aktivitet",
    "c_domain": "Område",
    "c_total": "I alt",
    "never": "–",
    "s_sens": "Hvad betyder mest for resultatet?",
    "sens_intro": "Tornadoen flytter ét input ad gangen; Sobol-indekserne fordeler hele usikkerheden på input (med "
                  "samspil); værdien af information viser, hvad det er værd at vide et input præcist, før der "
                  "besluttes.",
    "cap_tornado": "Hvert input flyttes for sig fra sit 5 %- til sit 95 %-fraktil, mens de andre står på "
                   "basisværdien. Bredden viser, hvor meget resultatet afhænger af netop det tal.",
    "tab_switch": "Hvornår skifter resultatet fortegn? (ét input ad gangen)",
    "c_switch": "Nul ved",
    "c_other": "Sandsynlighed for at ligge dér eller længere ude",
    "switch_note": "Den værdi af inputtet, hvor basisberegningens nettonutidsværdi bliver nul, når alle andre input "
                   "står på basisværdien, og sandsynligheden (efter inputtets fordeling) for at det ligger på den "
                   "anden side af den værdi.",
    "cap_sobol": "Sobol-indekser (N = {n}). ST er den andel af variansen, der forsvinder, hvis inputtet kendes "
                 "præcist, inklusive samspil med andre input; S1 er inputtets egen andel. Korrelerede input "
                 "behandles som én blok.",
    "tab_groups": "Grupper af input (Sobol-indekser)",
    "c_members": "Input i gruppen",
    "cap_soby": "Hvilke input der driver usikkerheden i hvert års nettoresultat: omkostningerne i driftsårene, "
                "effekten og priserne i årene efter.",
    "cap_voi": "Forventet værdi af perfekt information (EVPPI) i kroner for hele beslutningen: hvor meget bedre "
               "beslutningen om at investere i gennemsnit bliver, hvis inputtet (eller gruppen, i [klammer]) kendes "
               "præcist. Procenten er andelen af værdien af at kende alt (EVPI).",
    "voi_certain": "Værdi af information: beslutningen er næsten sikker ({p} sandsynlighed for et positivt "
                   "resultat), og den forventede værdi af at fjerne al usikkerhed (EVPI) er kun {v} – mere lokal "
                   "viden vil næppe ændre beslutningen, så værdien pr. input er ikke beregnet.",
    "failed": "Kunne ikke beregnes ({what}): {err}",
    "s_inputs": "Input",
    "inputs_intro": "Alle usikre input og de faste tal, der bærer information. Punktværdien er den, "
                    "basisberegningen bruger; 90 %-intervallet er fordelingens 5 %- og 95 %-fraktil.",
    "c_input": "Input",
    "c_group": "Gruppe",
    "c_dist": "Fordeling",
    "c_point": "Punktværdi",
    "c_range": "90 %-interval",
    "c_source": "Kilde og note",
    "fixed": "fast",
    "see_cons": "Se konsekvensen nedenfor.",
    "shock": "standardnormal (ganges med standardfejlene)",
    "tab_cons": "Konsekvenser pr. succesfuld deltager (ændring i enheder i 1., 2., … år efter succes)",
    "c_unit": "Enhed",
    "c_kind": "Art",
    "c_profile": "Profil",
    "c_se": "Standardfejl",
    "c_scale": "Skalering",
    "c_prices": "Pris pr. enhed",
    "tab_corr": "Korrelationer (Spearmans rangkorrelation)",
    "c_inputs": "Input",
    "c_rho": "ρ",
    "s_method": "Metode",
    "s_sources": "Kilder",
    "s_prov": "Proveniens",
    "p_version": "somsim-version",
    "p_numpy": "numpy-version",
    "p_seed": "Seed",
    "p_draws": "Træk",
    "p_sampler": "Stikprøvemetode",
    "p_sha": "Scenariets SHA-256",
    "p_file": "Scenariefil",
    "p_includes": "Inkluderede biblioteker",
    "p_created": "Oprettet",
    "p_command": "Genskab med",
    "p_bands": "Træk bag årsbåndene",
    "scenario_text": "Scenariefilen (som den blev læst)",
    "fig": "Figur",
    "alt_fan": "Viftediagram: kumuleret nettonutidsværdi år for år, {who}, basisberegning med 50 %- og 90 %-bånd",
    "alt_dist": "Histogram over nettonutidsværdien, {who}, med andelen over nul markeret",
    "alt_be": "Sandsynligheden for at være tjent hjem, år for år",
    "alt_wf": "Vandfaldsdiagram: gevinster efter område, omkostninger og netto, {who}",
    "alt_tornado": "Tornadodiagram: nettonutidsværdien når ét input ad gangen går fra 5 %- til 95 %-fraktil",
    "alt_sobol": "Sobol-indekser med konfidensintervaller",
    "alt_soby": "Sobol-indekser år for år",
    "alt_voi": "Forventet værdi af perfekt information pr. input",
    "footer": "Lavet med somsim {v}. Tallene kan genskabes med samme scenariefil, seed og antal træk.",
    "s_cmp": "Sammenligning med andre muligheder",
    "cmp_intro": "Mulighederne er simuleret med {n} træk med fælles tilfældige tal: et input med samme navn og "
                 "samme fordeling i flere muligheder (fx samme enhedspris eller diskonteringsrente) får det samme "
                 "træk i dem alle, så forskellene ikke drukner i tilfældig støj. Valget træffes på "
                 "nettonutidsværdien for {who}.",
    "cmp_shared": "Fælles input (samme træk): {names}.",
    "cmp_not_shared": "Input med samme navn, men forskellig fordeling, trækkes hver for sig: {names}.",
    "cmp_nothing": "status quo (ingen indsats)",
    "tab_cmp": "Mulighederne: nettonutidsværdi for {who} ({y}-priser)",
    "c_option": "Mulighed",
    "c_pbest": "P(bedst)",
    "c_loss": "Forventet tab",
    "cmp_note": "P(bedst): andelen af trækkene, hvor muligheden har den største nettonutidsværdi. Forventet tab: "
                "hvad man i gennemsnit går glip af ved at vælge muligheden frem for den, der i det enkelte træk "
                "viser sig bedst.",
    "tab_diff": "Forskellen mellem mulighederne, {who} (samme træk)",
    "c_pair": "Forskel",
    "c_first_better": "P(første er bedst)",
    "cmp_best": "Bedst i gennemsnit: {best} ({p} sandsynlighed for at være bedst). Værdien af at kende alt før "
                "valget (EVPI af valget): {v} (± {se}).",
    "tab_cmp_evppi": "Hvilke input kunne ændre valget? (EVPPI af valget)",
    "cmp_evppi_note": "Den forventede værdi af at kende inputtet præcist, før man vælger mellem mulighederne.",
    "cmp_price_years": "Mulighederne er i forskellige prisår ({y}); deres kroner kan ikke sammenlignes direkte.",
    "alt_cmp": "Sandsynligheden for at være bedst efter krævet afkast, og fordelingen af forskellen mellem {a} og {b}",
    "cap_cmp": "Øverst: sandsynligheden for at hver mulighed er bedst, når der kræves et afkast pr. investeret "
               "krone (0 = nettonutidsværdien alene). Nederst: forskellen {a} minus {b} i hvert træk.",
    "s_local": "Hvad de lokale data ændrede",
    "local_intro": "Scenariet har lokale data (antal observationer: {n}). De gør den forudgående fordeling (prior) "
                   "af {names} til en opdateret fordeling (posterior), og resten af rapporten bruger den "
                   "opdaterede. Her står de side om side.",
    "tab_local_npv": "Nettonutidsværdi for {who} før og efter de lokale data ({y}-priser)",
    "tab_local_npv_base": "Nettonutidsværdi for {who} i basisberegningen før og efter de lokale data ({y}-priser)",
    "local_before": "Før (prior)",
    "local_after": "Efter (posterior)",
    "local_npv_note": "Begge kørsler har {n} træk og samme seed ({seed}); kun de opdaterede input er forskellige.",
    "tab_local_inputs": "Input før og efter de lokale data: middelværdi (90 %-interval)",
    "c_data": "Lokale data",
    "c_prior": "Før (prior)",
    "c_post": "Efter (posterior)",
    "c_how": "Metode",
    "c_ess": "ESS",
    "local_conj": "konjugeret (eksakt)",
    "local_resampled": "vægtet genudtrækning af {d} træk",
    "local_binomial": "{k} af {n}",
    "local_normal": "middel {m} (sd {s}, n = {n})",
    "local_poisson": "{k} hændelser på {e} enheder",
    "local_ess_note": "ESS: den effektive stikprøvestørrelse ved vægtet genudtrækning (importance resampling). Under "
                      "{w} hviler den opdaterede fordeling på få træk. Antagelse: den genudtrukne fordeling indgår "
                      "i modellen som en fordeling af samme type med den vægtede middelværdi og spredning.",
    "local_warn": "Advarsel – {name}: den effektive stikprøvestørrelse er kun {ess} af {d} træk. De lokale data "
                  "modsiger den forudgående fordeling, som gav sådanne data lille chance; kontrollér data og "
                  "fordeling.",
}

WHO = ActorNames({
    "total": "i alt",
    "kommune": "kommunen",
    "region": "regionen",
    "stat": "staten",
})

PLOT = {
    "actor": ActorNames({
        "total": "I alt",
        "kommune": "Kommunen",
        "region": "Regionen",
        "stat": "Staten",
    }),

    "and": "og",
    "year": "År (0 = første driftsår)",
    "cum_npv": "Kumuleret nettonutidsværdi",
    "npv": "Nettonutidsværdi",
    "base": "Basisberegning (SØM)",
    "base_short": "Basis",
    "band50": "50 %-interval",
    "band90": "90 %-interval",
    "prices": "{y}-priser",
    "fan_be": "{who}: tjent hjem i år {t} i basisberegningen",
    "fan_nobe": "{who}: ikke tjent hjem inden for {h} år i basisberegningen",
    "fan_sub": "{p} sandsynlighed for overskud efter {h} år; båndene rummer 50 % og 90 % af de simulerede forløb",
    "fan_sub_short": "{p} sandsynlighed for overskud efter {h} år",
    "fan_nocost": "{who}: kun gevinster, ingen omkostninger",
    "year_short": "År",
    "dist_title": "{who}: {p} sandsynlighed for et positivt resultat",
    "dist_sub": "Nettonutidsværdien i {n} simulerede udfald; stiplet linje: basisberegningen",
    "above": "{p} over nul",
    "below": "{p} under nul",
    "share_draws": "Andel af udfaldene",
    "be_title": "{who}: {p} sandsynlighed for at være tjent hjem senest i år {t}",
    "be_title_none": "{who}: under 50 % sandsynlighed for at blive tjent hjem inden for {h} år",
    "be_sub": "Andel af de simulerede forløb, hvor den kumulerede nettonutidsværdi er positiv fra det år og frem",
    "be_y": "Sandsynlighed for at være tjent hjem",
    "wf_costs": "Omkostninger til indsatsen",
    "wf_net": "Nettonutidsværdi",
    "wf_title": "{who}: {d} giver {s} af gevinsterne",
    "wf_title_one": "{who}: gevinster på {g} mod omkostninger på {c}",
    "wf_sub": "Nutidsværdi i basisberegningen; netto {n}",
    "wf_sub_many": "Gevinster {g} mod omkostninger {c}; netto {n} (nutidsværdi i basisberegningen)",
    "wf_x": "Nutidsværdi",
    "com_title": "Hvem betaler, hvem får gevinsten i kommunen",
    "com_sub": "Nettonutidsværdi pr. udvalg, basisberegning; streg: 90 %-interval",
    "com_sub_base": "Nettonutidsværdi pr. udvalg, basisberegning",
    "com_gains": "Gevinster",
    "com_costs": "Omkostninger",
    "com_npv": "Netto",
    "tor_low": "Input ved sit 5 %-fraktil",
    "tor_high": "Input ved sit 95 %-fraktil",
    "tor_title": "{name} flytter resultatet mest",
    "tor_sub": "Ét input ad gangen fra sit 5 %- til sit 95 %-fraktil, resten i basisværdi; {name}: {r}",
    "sob_st": "Total effekt, med samspil (ST)",
    "sob_s1": "Inputtet alene (S1)",
    "sob_x": "Andel af variansen i nettonutidsværdien",
    "sob_title": "{name} forklarer {p} af usikkerheden",
    "sob_sub": "Sobol-indekser for nettonutidsværdien; streger: konfidensintervaller",
    "soby_title": "Hvad driver usikkerheden år for år",
    "soby_sub": "Total Sobol-indeks (ST) for nettoresultatet i hvert år; bånd: konfidensintervaller",
    "soby_y": "Andel af variansen",
    "voi_x": "Forventet værdi af perfekt information (EVPPI)",
    "voi_evpi": "Al usikkerhed fjernet (EVPI): {v}",
    "voi_title": "Mest værd at undersøge lokalt: {name}",
    "voi_sub": "Værdi af at kende inputtet præcist før beslutningen; {p} af værdien af fuld viden (EVPI {v})",
    "voi_sub_noevpi": "Værdi af at kende inputtet præcist før beslutningen; streger: ±1,96 standardfejl",
    "voi_title_zero": "Beslutningen ændres næppe af mere viden",
    "voi_sub_zero": "Den forventede værdi af fuld viden (EVPI) er kun {v}",
    "cmp_pb_title": "Sandsynlighed for at være bedst, efter krævet afkast",
    "cmp_pb_sub": "{n} træk med fælles tilfældige tal; perspektiv: {who}",
    "cmp_x": "krævet afkast pr. investeret krone (nutidsværdi)",
    "cmp_y": "sandsynlighed for at være bedst",
    "cmp_diff_title": "{a} minus {b}: {p} af trækkene er over nul",
    "cmp_diff_sub": "90 %-interval {band}; samme træk af de fælles input",
    "cmp_diff_x": "forskel i nettonutidsværdi",
    "cmp_share": "andel af trækkene",
}

UNITS = {
    1000000.0: "mio. kr.",
    1000.0: "1.000 kr.",
    1.0: "kr.",
}

WORKBOOK = {
    "sheets": {
        "summary": "Resumé",
        "by_year": "År for år",
        "activities": "Aktiviteter",
        "inputs": "Input",
        "consequences": "Konsekvenser",
        "about": "Om",
    },
    "facts": "{id} · {n} deltagere · {h} års horisont · {y}-priser",
    "measure": "Mål",
    "summary_rows": {
        "gains_pv": "Gevinster (nutidsværdi, basis)",
        "costs_pv": "Omkostninger (nutidsværdi, basis)",
        "npv": "Nettonutidsværdi (basis)",
        "npv_per_participant": "Nettonutidsværdi pr. deltager (basis)",
        "break_even_year": "Tjent hjem, år (basis)",
        "npv_mean": "Nettonutidsværdi, middelværdi",
        "npv_sd": "Nettonutidsværdi, standardafvigelse",
        "npv_mcse": "Monte Carlo-fejl på middelværdien",
        "npv_p05": "Nettonutidsværdi, 5 %-fraktil",
        "npv_p25": "Nettonutidsværdi, 25 %-fraktil",
        "npv_p50": "Nettonutidsværdi, median",
        "npv_p75": "Nettonutidsværdi, 75 %-fraktil",
        "npv_p95": "Nettonutidsværdi, 95 %-fraktil",
        "prob_positive": "Sandsynlighed for et positivt resultat",
        "per_participant_mean": "Pr. deltager, middelværdi",
        "per_participant_p05": "Pr. deltager, 5 %-fraktil",
        "per_participant_p50": "Pr. deltager, median",
        "per_participant_p95": "Pr. deltager, 95 %-fraktil",
        "prob_break_even_by_end": "Sandsynlighed for at være tjent hjem inden for horisonten",
    },
    "by_year": {
        "actor": "Aktør",
        "year": "År",
        "gains": "Gevinster i året (basis)",
        "costs": "Omkostninger i året (basis)",
        "net": "Netto i året (basis)",
        "cumulative_npv": "Kumuleret nettonutidsværdi (basis)",
        "cumulative_npv_mean": "Kumuleret NNV, middelværdi",
        "cumulative_npv_p05": "Kumuleret NNV, 5 %",
        "cumulative_npv_p25": "Kumuleret NNV, 25 %",
        "cumulative_npv_p50": "Kumuleret NNV, 50 %",
        "cumulative_npv_p75": "Kumuleret NNV, 75 %",
        "cumulative_npv_p95": "Kumuleret NNV, 95 %",
        "prob_break_even": "Sandsynlighed for at være tjent hjem senest i året",
    },
    "activities": {
        "activity": "Aktivitet",
        "title": "Titel",
        "domain": "Område",
        "unit": "Enhed",
        "kind": "Art",
        "gains_total": "Gevinst i alt (NV, basis)",
        "gains_kommune": "Kommune",
        "gains_region": "Region",
        "gains_stat": "Stat",
        "source": "Kilde",
        "note": "Note",
    },
    "inputs": {
        "name": "Input",
        "label": "Beskrivelse",
        "group": "Gruppe",
        "uncertain": "Usikker",
        "distribution": "Fordeling",
        "point": "Punktværdi",
        "p05": "5 %-fraktil",
        "p95": "95 %-fraktil",
        "source": "Kilde",
        "note": "Note",
    },
    "consequences": {
        "activity": "Aktivitet",
        "tau": "År efter succes",
        "per_success": "Ændring pr. succesfuld deltager",
        "se": "Standardfejl",
    },
    "yes": "ja",
    "no": "nej",
    "key": "Felt",
    "value": "Værdi",
    "about": {
        "title": "Titel",
        "id": "Scenarie-id",
        "file": "Scenariefil",
        "sha256": "Scenariets SHA-256",
        "version": "somsim-version",
        "numpy": "numpy-version",
        "seed": "Seed",
        "draws": "Træk",
        "sampler": "Stikprøvemetode",
        "band_draws": "Træk bag årsbåndene",
        "price_year": "Prisår",
        "horizon": "Horisont (år)",
        "participants": "Deltagere",
        "discount": "Diskonteringsrente",
        "created": "Oprettet",
        "schema": "Skema",
        "note": "Bemærk",
    },
    "about_note": "Beløb i kr. i faste priser; nutidsværdier er diskonteret til år 0 (første driftsår).",
}

FAMILY = {
    "normal": "normal",
    "truncnormal": "trunkeret normal",
    "lognormal": "lognormal",
    "gamma": "gamma",
    "beta": "beta",
    "uniform": "ligefordeling",
    "triangular": "trekant",
    "pert": "PERT",
}

PARAM = {
    "mean": "middel",
    "sd": "sd",
    "median": "median",
    "ci95": "95 %",
    "min": "min",
    "mode": "typisk",
    "max": "maks",
    "low": "fra",
    "high": "til",
    "alpha": "α",
    "beta": "β",
    "shape": "form",
    "scale": "skala",
    "value": "værdi",
}

ACTOR = ActorNames({
    "total": "I alt",
    "kommune": "Kommune",
    "region": "Region",
    "stat": "Stat",
})

GROUP = {
    "effect": "effekt",
    "prices": "priser",
    "costs": "omkostninger",
    "discounting": "diskontering",
}

KIND = {
    "expenditure": "udgift",
    "revenue": "indtægt",
}

#: the method notes of the report: (heading, text) in this order; {when} is one of the two phrases below
METHOD = {
    "what": ("Hvad SØM tæller",
             "Kun budgetøkonomiske konsekvenser for den offentlige sektor – kommune, region og stat – opgjort "
             "efter refusion mellem dem og uden udligning og bloktilskud. Nettoresultatet er konsekvenserne "
             "(mindre brug af offentlige ydelser, flere skatteindtægter) minus indsatsens omkostninger."),
    "not": ("Hvad SØM ikke tæller",
            "Deltagernes livskvalitet og egen økonomi, gevinster for andre end den offentlige sektor, og "
            "konsekvenser, der ikke er med i scenariet. Resultatet er derfor ikke en samfundsøkonomisk analyse."),
    "effect": ("Effekt og konsekvenser",
               "Effekten indgår kun gennem nettosuccesraten: andelen af deltagerne, der når succesmålet på grund "
               "af indsatsen (ud over dem, der ville have nået det alligevel). Effekten falder {when} og er den "
               "samme for alle hold. Konsekvensestimaterne er forskelle i forbrug mellem en succes- og en "
               "ikke-succesgruppe i registrene; de er ikke kausale, og tilbagefald ligger i deres forløb over tid."),
    "discount": ("Diskontering og priser",
                 "Alle beløb er i {y}-priser. Gevinster og omkostninger diskonteres med {rate} om året; år 0 "
                 "(første driftsår) diskonteres ikke. Pr. deltager er nettonutidsværdien delt med alle "
                 "{participants} deltagere. Tjent hjem (break-even) er det første år, fra hvilket den kumulerede "
                 "nettonutidsværdi forbliver positiv horisonten ud."),
    "uncertainty": ("Usikkerhed",
                    "Beregningen er gentaget {n} gange ({sampler}-stikprøve, seed {seed}) med hvert usikkert input "
                    "trukket fra sin fordeling; korrelationer mellem input er lagt ind med en Gauss-copula på "
                    "rangkorrelationer. 90 %-intervallet er 5 %- og 95 %-fraktilen af de simulerede "
                    "nettonutidsværdier; sandsynligheden for et positivt resultat er andelen af træk over nul "
                    "(Monte Carlo-fejl på middelværdien: {mcse}). Årsbåndene bygger på de første {band} træk."),
    "not_covered": ("Hvad usikkerheden ikke dækker",
                    "Fordelingerne er skøn og kan selv være for snævre. Modellens struktur – hvilke konsekvenser der "
                    "er med, horisonten, at effekten er ens for alle hold – er holdt fast; det samme er antallet af "
                    "deltagere."),
    "assumed": ("Rekonstrueret og antaget",
                "{recon}Af de {uncertain} usikre input har {sourced} en kilde{both}, {assumed} er antagelser "
                "uden kilde (markeret i noten), og {neither} har hverken kilde eller markering som antagelse (se "
                "Input). Hvert input tælles én gang; et input med en kilde tælles blandt dem med kilde."),
}
METHOD_PHRASES = {
    "both": " (heraf markerer {n} også en del af tallet, fx spredningen, som antagelse)",
    "when_lag0": "i det år, deltageren afslutter forløbet",
    "when_lag": "{lag} år efter afslutningsåret",
    "recon": "Dette scenarie er en rekonstruktion; beskrivelsen øverst siger, hvad der er offentliggjort, og hvad "
             "der er antaget. ",
    "point": "punktværdi",
}

#: the headline sentence that a report can quote ({ninety}, {fifty}: 90 % and 50 % in the number format)
HEADLINE = {
    "base_only": "Nettonutidsværdi, {who}: {v} ({pp} pr. deltager; basisberegning uden usikkerhed)",
    "sentence": "Nettonutidsværdi, {who}: {npv} ({ninety}-interval {interval}); {p} sandsynlighed for et positivt "
                "resultat",
    "be_by": "; {p} sandsynlighed for at være tjent hjem senest i år {t}",
    "be_none": "; under {fifty} sandsynlighed for at være tjent hjem inden for {h} år",
    "assumed_spreads": " – med spredninger, vi har antaget; den offentliggjorte beregning giver kun et punktestimat",
    "run": "({n} træk, {sampler}, seed {seed}; Monte Carlo-fejl på middelværdien {mc})",
}

#: a reader's name for each model quantity
LABELS = {
    "success_rate": "Nettosuccesrate",
    "discount_rate": "Diskonteringsrente",
    "cost": "Omkostning: {name} ({actor}, {how})",
    "per_participant": "pr. deltager",
    "per_year_one": "beløb pr. år, år {years}",
    "per_year_many": "beløb pr. år, år {years}",
    "consequence": "Konsekvens: {title}, estimatets usikkerhed",
    "scale": "Konsekvens: {title}, skalering",
    "price": "Pris: {title} ({actor})",
    "kind_per_participant": "pr. deltager",
    "kind_per_year": "beløb pr. år",
}

#: what the command line prints: table titles, column headers, sentences (the numbers are formatted by the code)
CONSOLE = {
    "warning": "advarsel",
    "usage": "Brug",
    "try_help": "Prøv '{cmd}' for at få hjælp.",
    "error": "Fejl",
    "note": "note",
    "scenario_line": "{title}  ({id}; {path})",
    "ok": "OK: {path} er et gyldigt scenarie (format 1).",
    "base_title": "Basisberegning ({y}-priser, {h} år, {n} deltagere)",
    "gains_pv": "Gevinster (nutidsværdi)",
    "costs_pv": "Omkostninger (nutidsværdi)",
    "npv": "Nettonutidsværdi",
    "npv_per_participant": "pr. deltager",
    "payback_year": "Tjent hjem i år (udiskonteret)",
    "bcr": "Gevinst pr. omkostningskrone",
    "break_even_year": "Tjent hjem i år",
    "inputs_prices": "; beløb i {y}-priser",
    "as_written": "(som skrevet: {dist} i {year}-priser)",
    "inputs_title": "Usikre input ({n} af {m} modelstørrelser)",
    "c_input": "input",
    "c_group": "gruppe",
    "c_dist": "fordeling",
    "c_point": "punktværdi",
    "effect": "{q}{unit} ±{se} i år {year}",
    "effect_more": " (+{n} år)",
    "of_estimate": "{p} af skønnet",
    "effect_at_least": "effekten skal være mindst {p} af skønnet",
    "wrote": "skrev {path}",
    "workers_cores": "--workers {n} er flere end maskinens {cores} kerner; de må deles om dem, og kørslen bliver "
                     "langsommere, ikke hurtigere (prøv --workers {cores})",
    "progress_draws": "træk",
    "progress_evaluations": "modelberegninger",
    # sensitivity
    "sens_title": "{title} — følsomhed ({method})",
    "evaluations": "{n} modelberegninger",
    "seed": ", seed {seed}",
    "sobol_title": "{out}: Sobol-indeks (N = {n}; ± {conf}-interval)",
    "group": "gruppe {name}",
    "morris_title": "{out}: Morris-screening ({n} forløb; {unit})",
    "given_title": "{out}: {method} ({n} træk)",
    "dummy": "(dummy: støjniveau)",
    "tornado_title": "{out}: tornado ({unit}; basis {base}; hvert input på sin {lo}- og {hi}-fraktil eller det "
                     "givne interval)",
    "c_low_value": "lav værdi",
    "c_high_value": "høj værdi",
    "c_at_low": "ved lav",
    "c_at_high": "ved høj",
    "c_swing": "udsving",
    "switch_title": "{out}: skifteværdier (hvor basisresultatet er 0)",
    "c_switch": "skifteværdi",
    "c_change": "ændring",
    "c_cdf": "P(input ≤ værdi)",
    "none in support": "ingen blandt mulige værdier",
    "none in range": "ingen i intervallet",
    "roots": " ({n} rødder)",
    "year_title": "net.{actor} år for år: {key} for hvert input",
    "constant": "{out}: varierer ikke med input (i alle beregninger {v}): intet at fordele.",
    "kr_unit": "kr.",
    "mkr_unit": "mio. kr.",
    # value of information
    "voi_title": "{title} — værdi af information, perspektiv: {who}{floor}",
    "voi_floor": ", investér hvis NNV > {v}",
    "voi_run": "{n} træk (seed {seed}). Forventet nettogevinst {mean}, P(NNV > {min}) = {p}: på den nuværende "
               "viden: {decision}.",
    "invest": "investér",
    "do not invest": "investér ikke",
    "evpi": "EVPI = {v} (± {se}): det højeste, det er værd at fjerne al usikkerhed, før der besluttes (for denne ene "
            "beslutning).",
    "evppi_title": "Hvad er værd at måle lokalt: input efter EVPPI{more}",
    "top": " (de {top} første af {n})",
    "groups_title": "Grupper af input",
    "c_first_input": "input",
    "c_first_group": "gruppe",
    "c_evppi": "EVPPI kr.",
    "c_se": "± SE",
    "c_pct_evpi": "% af EVPI",
    "c_pct_var": "% af varians",
    "c_r2": "R² (fit)",
    "evppi_note": "EVPPI: den forventede værdi af at kende input præcist, før der besluttes. % af varians: den "
                  "forventede reduktion af nettonutidsværdiens varians ved at kende dem. SE: den største af "
                  "regressionens egen og bootstrap-fejlen. R² (fit): regressionens (med kontrolvariable).",
    "study_title": "Lokal undersøgelse af {input}: {assumption}",
    "c_n": "n",
    "c_evsi": "EVSI kr.",
    "c_cost": "undersøgelse kr.",
    "c_enbs": "ENBS kr.",
    "optimal": "← optimal",
    "best": "Optimal størrelse: n = {n} (ENBS {v}).",
    "none_worth": "Ingen størrelse i gitteret er sin pris værd (ENBS ≤ 0).",
    "enbs_line": "{best} ENBS = EVSI × 1 beslutning − ({cost}); EVSI nærmer sig EVPPI for {input}, {evppi}, for "
                 "stort n.",
    "study_recommended": 'den anbefalede undersøgelse (n = {n})',
    "study_largest": 'en undersøgelse med n = {n} (ingen størrelse i gitteret var sin pris værd; den største er vist)',
    "study_now": '[bold]Hvad {size} af {input} kunne vise[/bold]. '
                 'Nu: forventet NNV {mean}, P(NNV > {floor}) = {p}: {decision}.',
    "study_post_title": 'Posterior for {input} ved plausible udfald af undersøgelsen',
    "c_outcome": 'udfald',
    "c_data": 'data',
    "c_post_mean": 'posterior middel',
    "c_interval": '90 %-interval',
    "c_exp_npv": 'forventet NNV',
    "c_decision": 'beslutning',
    "percentile": '{p}. percentil',
    "u_title": 'Hvad de lokale data ændrede ([[observation]]): prior og posterior',
    "u_input": 'input',
    "u_data": 'data',
    "u_prior": 'prior',
    "u_prior90": 'prior 90 %',
    "u_post": 'posterior',
    "u_post90": 'posterior 90 %',
    "u_method": 'metode',
    "init_wrote": "skrev {path}: redigér den, og kør så `somsim check {path}`",
    "init_exists": "{path} findes allerede; brug --force for at overskrive den",
    "init_no_slug": "NAVN skal indeholde bogstaver eller cifre (fik {name})",
    # compare, portfolio, local data
    "status_quo": "status quo",
    "cmp_head": "Sammenligning af {n} muligheder",
    "cmp_head_more": " — perspektiv: {who}, {n} træk (seed {seed})",
    "cmp_crn": ", fælles tilfældige tal for de fælles input",
    "cmp_independent": ", uafhængige træk",
    "cmp_required": ", krævet afkast {r} kr. pr. omkostningskrone",
    "cmp_title": "Nettonutidsværdi ({who}) pr. mulighed",
    "c_option": "mulighed",
    "c_base": "basis",
    "c_mean": "middel",
    "c_ppos": "P(NNV > 0)",
    "c_pbest": "P(bedst)",
    "c_loss": "forventet tab",
    "diff_title": "Forskelle (første − anden), samme træk",
    "c_first": "første",
    "c_second": "anden",
    "c_first_better": "P(første bedre)",
    "cmp_best": "På den nuværende viden: vælg [bold]{best}[/bold]. EVPI for valget = {v} (± {se}): det forventede "
                "tab ved det valg, det højeste, det er værd at kende alle input, før der vælges.",
    "cmp_evppi_title": "Hvilke input kan ændre rækkefølgen: EVPPI for valget",
    "c_bound": "± grænse",
    "cmp_differ": "fordelingerne er forskellige ({shown}): trækkes for sig for hver mulighed",
    "pf_title": "Mulighederne",
    "pf_head": "Portefølje inden for et budget på {budget}",
    "pf_head_more": " — omkostninger {basis} for {payer}, nettonutidsværdi for {who}, {n} træk",
    "pf_basis_pv": "som nutidsværdi",
    "pf_basis_years": "pr. budgetår 0–{last} (udiskonteret)",
    "c_pf_cost": "omkostning",
    "c_mean_npv": "middel-NNV",
    "c_in_best": "i bedste portefølje",
    "c_p_in_best": "P(i trækkets bedste portefølje)",
    "pf_best": "Bedste portefølje: {options}; omkostning {cost}, forventet nettonutidsværdi {mean} (90 %-interval "
               "{band}), P(NNV < 0) = {p}.",
    "pf_none": "(ingen)",
    "u_sd_known": "; dataenes sd antaget kendt",
    "u_resampled": "{how} (effektiv stikprøvestørrelse {ess}); Antagelse: posterioren indgår i modellen som en "
                   "{fam}fordeling med det vægtede middel og sd",
    "method_line": "Metode: {method}.",
}

#: the library's notes (English, in the JSON documents) as the Danish console writes them: (pattern, replacement)
NOTES = (
    (r"^tornado: each input at its (\S+) and (\S+) quantile \(or the given range\) with every other quantity at "
     r"its point value$",
     r"tornado: hvert input på sin \1- og \2-fraktil (eller det givne interval), alle andre størrelser på deres "
     r"punktværdi"),
    (r"^switching values: .*$",
     "skifteværdier: den værdi af ét input, hvor basisberegningens nettonutidsværdi er 0, med de andre på deres "
     "punktværdi; den rod, der ligger nærmest punktværdien ('roots' i JSON lister alle fundne)"),
)

#: §6 notes beside the headline (present/notes.py)
S6_NOTES = {
    "haircut_evidence": "Evidensjusteret: evidensniveau {level}, standardnedskrivning {dist} (punktværdi {point}; "
                        "projektets skøn, se metodenoten)",
    "haircut_file": "Evidensjusteret: nedskrivning angivet i filen, {dist} (punktværdi {point})",
    "haircut_none": "Ingen evidensnedskrivning (hverken evidence eller haircut er angivet)",
    "bmm": "{who}: basisberegning {base}, middelværdi {mean}, median {median} – de er forskellige, fordi "
           "basisberegningen bruger hvert inputs punktværdi, mens middelværdi og median kommer af alle træk; "
           "skæve fordelinger trækker middelværdi og median væk fra basisberegningen.",
    "few": "Få forventede succeser ({e}): sandsynligheden for ingen succeser er {p0} og for færre end halvdelen af "
           "de forventede {pf} (binomialfordeling med succesraten i punktværdien). Intervallerne udelader denne "
           "tilfældighed; sæt stochastic_cohorts = true for at medtage den.",
}

#: the scenario's warnings (Problem.code → text; the values are formatted by present/messages.py). A code
#: missing here is shown in the library's English (Problem.message).
WARNINGS = {
    "discount_rate": "usædvanlig diskonteringsrente {r} (Finansministeriets rente er 0,035 siden 2021, 0,04 før)",
    "net_high": "en NETTO-succesrate på {net} er meget høj: den tæller kun de succeser, indsatsen er årsag til",
    "net_negative": "bruttoraten er under basisraten (netto {net}): indsatsen gør det dårligere end nuværende "
                    "praksis",
    "evidence3_baseline": "evidensniveau 3's standardnedskrivning korrigerer for en manglende sammenligningsgruppe, "
                          "men der er angivet en basisrate: de to kan tælle den samme skævhed to gange (sæt en "
                          "mindre `haircut`, hvis basisraten er velbegrundet)",
    "assumed_index": "priser omregnes med et prisindeks for {year}, som ikke er et offentliggjort tal ({note}); "
                     "tilføj {year} = <indeks> til [price_index] i scenariet, når årsgennemsnittet er offentliggjort",
    "lag_own": "intet år af denne konsekvens falder inden for horisonten",
    "lag_all": "ingen konsekvens falder inden for horisonten",
    "completion_unused": 'ingen omkostning har per = "completer": gennemførelsesraten ændrer intet',
    "completion_missing": "omkostninger pr. gennemfører uden completion_rate: alle, der starter, antages at "
                          "gennemføre (completion_rate = 1)",
    "replaces_group": "erstatter standardgruppen '{group}'",
    "truncated_normal": "normalfordeling med sandsynligheden {p} under 0: trækkes som normalfordelingen trunkeret "
                        "ved 0 (trunkeret normal: middel {mean}, sd {sd}, fra 0)",
    "low_ess": "effektiv stikprøvestørrelse {ess} af {draws} træk fra prioren (under {limit}): de lokale data "
               "modsiger prioren, som gav sådanne data ringe sandsynlighed; posterioren hviler på få træk — "
               "tjek data og prior",
}

#: bad input and the summary line of a bad-input report
ERRORS = {
    "problems": "somsim: {n} problem fundet; intet blev kørt eller skrevet.",
    "problems_many": "somsim: {n} problemer fundet; intet blev kørt eller skrevet.",
    "more": "… og {n} mere",
}

#: the notes of compare and portfolio (English, in their JSON documents) as the Danish console writes them
DECIDE_NOTES = (
    (r"^The options are in different price years \(([^)]*)\): their kroner are not directly comparable; convert "
     r"them to one price year first\.$",
     r"Mulighederne er i forskellige prisår (\1): deres kroner kan ikke sammenlignes direkte; omregn dem først til "
     r"ét prisår."),
    (r"^Costs decide what fits the budget at their expected values; their uncertainty enters the NPV of each draw "
     r"\((.*)\)\.$",
     r"Omkostningerne afgør ved deres forventede værdi, hvad der er plads til i budgettet; deres usikkerhed indgår "
     r"i nettonutidsværdien i hvert træk (\1)."),
    (r"^The options are in different price years: convert them to one before adding them up\.$",
     "Mulighederne er i forskellige prisår: omregn dem til ét, før de lægges sammen."),
)

#: `somsim library`: labels and messages
LIBRARY = {
    "key": "nøgle",
    "title": "titel",
    "domain": "område",
    "unit": "enhed",
    "year": "prisår",
    "prices": "pris pr. enhed (punktværdi)",
    "source": "kilde",
    "note": "note",
    "kind": "art",
    "indexed": "prisreguleres",
    "yes": "ja",
    "no": "nej (en sats: ikke omregnet mellem prisår)",
    "found": "{n} af {total} aktiviteter i {lib}",
    "none": "ingen aktivitet i {lib} matcher {words!r}",
    "use": 'Brug: include = ["{lib}"] og [[consequence]] activity = "NØGLE".',
    "index": "Prisindeks (nettoprisindeks, 2015 = 100): {years}",
    "assumed": "antagelse, ikke offentliggjort",
    "need_words": "library search skal have et eller flere ord (fx somsim library search anbringelse)",
    "need_key": "library show skal have én aktivitetsnøgle (fx somsim library show straffesag_dom)",
    "no_key": "ingen aktivitet {key!r} i {lib}",
}
