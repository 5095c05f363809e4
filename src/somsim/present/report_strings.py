"""The text of the HTML report in Danish and English (format strings); the method notes are in report.py."""

TEXT: dict[str, dict[str, str]] = {
    "da": {
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
        "unc_intro": "Hver søjle er en andel af de {n} simulerede udfald. Søjlerne til højre for nul er udfald, "
                     "hvor indsatsen giver overskud for den offentlige sektor.",
        "s_where": "Hvor kommer gevinsten fra?",
        "where_intro": "Basisberegningens gevinster fordelt på områder, trukket fra omkostningerne. Alle beløb er "
                       "nutidsværdier i {y}-priser.",
        "s_tables": "Tabeller",
        "tab_actor": "Resultat efter aktør (1.000 kr., nutidsværdi, {y}-priser)",
        "tab_pp": "Nettonutidsværdi pr. deltager (kr., {y}-priser; {n} deltagere)",
        "tab_year": "År for år, {who} (1.000 kr., {y}-priser)",
        "tab_year_note": "Gevinster, omkostninger og netto i året er basisberegningens tal i faste priser, "
                         "udiskonteret. Den kumulerede nettonutidsværdi er diskonteret; 5 %, 50 % og 95 % er "
                         "fraktiler af de simulerede forløb ({n} træk), og den sidste kolonne er andelen af "
                         "forløb, der er tjent hjem senest i året.",
        "tab_act": "Gevinster efter aktivitet (1.000 kr., nutidsværdi i basisberegningen)",
        "c_actor": "Aktør", "c_gains": "Gevinster", "c_costs": "Omkostninger", "c_npv": "Netto (basis)",
        "c_mean": "Middelværdi", "c_p05": "5 %", "c_p50": "50 %", "c_p95": "95 %", "c_ppos": "P(positiv)",
        "c_be": "Tjent hjem (basis)", "c_base": "Basis", "c_year": "År", "c_net": "Netto",
        "c_cum": "Kumuleret NNV (basis)", "c_pbe": "P(tjent hjem)", "c_activity": "Aktivitet", "c_domain": "Område",
        "c_total": "I alt", "never": "–",
        "s_sens": "Hvad betyder mest for resultatet?",
        "sens_intro": "Tornadoen flytter ét input ad gangen; Sobol-indekserne fordeler hele usikkerheden på "
                      "input (med samspil); værdien af information viser, hvad det er værd at vide et input "
                      "præcist, før der besluttes.",
        "cap_tornado": "Hvert input flyttes for sig fra sit 5 %- til sit 95 %-fraktil, mens de andre står på "
                       "basisværdien. Bredden viser, hvor meget resultatet afhænger af netop det tal.",
        "tab_switch": "Hvornår skifter resultatet fortegn? (ét input ad gangen)",
        "c_switch": "Nul ved", "c_other": "Sandsynlighed for at ligge dér eller længere ude",
        "switch_note": "Den værdi af inputtet, hvor basisberegningens nettonutidsværdi bliver nul, når alle andre "
                       "input står på basisværdien, og sandsynligheden (efter inputtets fordeling) for at det "
                       "ligger på den anden side af den værdi.",
        "cap_sobol": "Sobol-indekser (N = {n}). ST er den andel af variansen, der forsvinder, hvis inputtet "
                     "kendes præcist, inklusive samspil med andre input; S1 er inputtets egen andel. Korrelerede "
                     "input behandles som én blok.",
        "tab_groups": "Grupper af input (Sobol-indekser)", "c_members": "Input i gruppen",
        "cap_soby": "Hvilke input der driver usikkerheden i hvert års nettoresultat: omkostningerne i "
                    "driftsårene, effekten og priserne i årene efter.",
        "cap_voi": "Forventet værdi af perfekt information (EVPPI) i kroner for hele beslutningen: hvor meget "
                   "bedre beslutningen om at investere i gennemsnit bliver, hvis inputtet (eller gruppen, i "
                   "[klammer]) kendes præcist. Procenten er andelen af værdien af at kende alt (EVPI).",
        "voi_certain": "Værdi af information: beslutningen er næsten sikker ({p} sandsynlighed for et positivt "
                       "resultat), og den forventede værdi af at fjerne al usikkerhed (EVPI) er kun {v} – mere "
                       "lokal viden vil næppe ændre beslutningen, så værdien pr. input er ikke beregnet.",
        "failed": "Kunne ikke beregnes ({what}): {err}",
        "s_inputs": "Input",
        "inputs_intro": "Alle usikre input og de faste tal, der bærer information. Punktværdien er den, "
                        "basisberegningen bruger; 90 %-intervallet er fordelingens 5 %- og 95 %-fraktil.",
        "c_input": "Input", "c_group": "Gruppe", "c_dist": "Fordeling", "c_point": "Punktværdi",
        "c_range": "90 %-interval", "c_source": "Kilde og note", "fixed": "fast",
        "see_cons": "Se konsekvensen nedenfor.",
        "shock": "standardnormal (ganges med standardfejlene)",
        "tab_cons": "Konsekvenser pr. succesfuld deltager (ændring i enheder i 1., 2., … år efter succes)",
        "c_unit": "Enhed", "c_kind": "Art", "c_profile": "Profil", "c_se": "Standardfejl", "c_scale": "Skalering",
        "c_prices": "Pris pr. enhed",
        "tab_corr": "Korrelationer (Spearmans rangkorrelation)", "c_inputs": "Input", "c_rho": "ρ",
        "s_method": "Metode",
        "s_sources": "Kilder",
        "s_prov": "Proveniens",
        "p_version": "somsim-version", "p_numpy": "numpy-version", "p_seed": "Seed", "p_draws": "Træk",
        "p_sampler": "Stikprøvemetode", "p_sha": "Scenariets SHA-256", "p_file": "Scenariefil",
        "p_includes": "Inkluderede biblioteker", "p_created": "Oprettet", "p_command": "Genskab med",
        "p_bands": "Træk bag årsbåndene",
        "scenario_text": "Scenariefilen (som den blev læst)",
        "fig": "Figur",
        "alt_fan": "Viftediagram: kumuleret nettonutidsværdi år for år, {who}, basisberegning med 50 %- og "
                   "90 %-bånd",
        "alt_dist": "Histogram over nettonutidsværdien, {who}, med andelen over nul markeret",
        "alt_be": "Sandsynligheden for at være tjent hjem, år for år",
        "alt_wf": "Vandfaldsdiagram: gevinster efter område, omkostninger og netto, {who}",
        "alt_tornado": "Tornadodiagram: nettonutidsværdien når ét input ad gangen går fra 5 %- til 95 %-fraktil",
        "alt_sobol": "Sobol-indekser med konfidensintervaller",
        "alt_soby": "Sobol-indekser år for år",
        "alt_voi": "Forventet værdi af perfekt information pr. input",
        "footer": "Lavet med somsim {v}. Tallene kan genskabes med samme scenariefil, seed og antal træk.",
    },
    "en": {
        "reconstruction": "Reconstruction – not the original calculation.",
        "reconstruction_more": "Published figures are used as published; every other number is a documented "
                               "assumption, chosen so that the base case reproduces the published result. See "
                               "the sections Inputs and Method.",
        "npv_label": "Net present value for the public sector, total",
        "npv_label_actor": "Net present value for the {who}",
        "interval90": "90% interval",
        "prob_pos": "chance of a positive result",
        "be_by": "{p} chance of having paid back by year {t}",
        "be_none": "less than 50% chance of paying back within {h} years",
        "quote": "Sentence for the committee paper",
        "card_pp": "Per participant",
        "card_be": "Pays back (base case)",
        "card_be_year": "year {t}",
        "card_be_never": "not within {h} years",
        "card_be_sub": "{p} chance within {h} years",
        "card_gc": "Gains (base case, present value)",
        "card_gc_sub": "against costs of {c}",
        "card_actor_sub": "{p} chance of a surplus",
        "facts": "{n} participants in {c} cohorts · {h}-year horizon · {y} prices · discount rate {r}",
        "base_only": "Base case only (no uncertainty run).",
        "toc": "Contents",
        "s_about": "About the calculation",
        "target_group": "Target group",
        "success_criterion": "Success criterion",
        "intervention": "Intervention",
        "cohorts": "Participants per cohort (year 0, 1, …)",
        "perspective": "Perspective of the headline",
        "s_time": "The result over time",
        "time_intro": "The line is the base case – the number SØM gives. The bands show where the cumulative net "
                      "present value lay in the simulated paths: the dark band holds half of them, the light one "
                      "90%.",
        "same_as_total": "The {who_l} bears all gains and costs; its curves are the same as the total's.",
        "actors_caption": "The split over the public budgets. Each panel has its own scale.",
        "s_unc": "How certain is the result?",
        "unc_intro": "Each bar is a share of the {n} simulated outcomes. Bars to the right of zero are outcomes in "
                     "which the intervention gives the public sector a surplus.",
        "s_where": "Where do the gains come from?",
        "where_intro": "The base case's gains by domain, less the costs. All amounts are present values in {y} "
                       "prices.",
        "s_tables": "Tables",
        "tab_actor": "Result by actor (DKK thousand, present value, {y} prices)",
        "tab_pp": "Net present value per participant (DKK, {y} prices; {n} participants)",
        "tab_year": "Year by year, {who} (DKK thousand, {y} prices)",
        "tab_year_note": "Gains, costs and net in the year are the base case in fixed prices, undiscounted. The "
                         "cumulative net present value is discounted; 5%, 50% and 95% are percentiles of the "
                         "simulated paths ({n} draws), and the last column is the share of paths that have paid "
                         "back by that year.",
        "tab_act": "Gains by activity (DKK thousand, present value in the base case)",
        "c_actor": "Actor", "c_gains": "Gains", "c_costs": "Costs", "c_npv": "Net (base)",
        "c_mean": "Mean", "c_p05": "5%", "c_p50": "50%", "c_p95": "95%", "c_ppos": "P(positive)",
        "c_be": "Pays back (base)", "c_base": "Base", "c_year": "Year", "c_net": "Net",
        "c_cum": "Cumulative NPV (base)", "c_pbe": "P(paid back)", "c_activity": "Activity", "c_domain": "Domain",
        "c_total": "Total", "never": "–",
        "s_sens": "What matters most for the result?",
        "sens_intro": "The tornado moves one input at a time; the Sobol indices share the whole uncertainty out over "
                      "the inputs (with interactions); the value of information shows what it is worth to know an "
                      "input exactly before deciding.",
        "cap_tornado": "Each input moves on its own from its 5th to its 95th percentile while the others stay at "
                       "their base values. The width shows how much the result depends on that one number.",
        "tab_switch": "When does the result change sign? (one input at a time)",
        "c_switch": "Zero at", "c_other": "Chance of lying there or beyond",
        "switch_note": "The value of the input at which the base-case net present value is zero, with every other "
                       "input at its base value, and the chance (by the input's distribution) that it lies beyond "
                       "that value.",
        "cap_sobol": "Sobol indices (N = {n}). ST is the share of the variance that would go if the input were "
                     "known exactly, interactions with other inputs included; S1 is the input's own share. "
                     "Correlated inputs are treated as one block.",
        "tab_groups": "Groups of inputs (Sobol indices)", "c_members": "Inputs in the group",
        "cap_soby": "Which inputs drive the uncertainty of each year's net result: the costs in the years of "
                    "operation, the effect and the prices in the years after.",
        "cap_voi": "Expected value of perfect information (EVPPI) in kroner for the whole decision: how much better "
                   "the decision to invest becomes on average if the input (or the group, in [brackets]) were "
                   "known exactly. The percentage is the share of the value of knowing everything (EVPI).",
        "voi_certain": "Value of information: the decision is all but certain ({p} chance of a positive result), "
                       "and the expected value of removing all uncertainty (EVPI) is only {v} – more local knowledge "
                       "would hardly change the decision, so the value per input is not computed.",
        "failed": "Could not be computed ({what}): {err}",
        "s_inputs": "Inputs",
        "inputs_intro": "Every uncertain input and the fixed numbers that carry information. The point value is the "
                        "one the base case uses; the 90% interval is the distribution's 5th and 95th percentile.",
        "c_input": "Input", "c_group": "Group", "c_dist": "Distribution", "c_point": "Point value",
        "c_range": "90% interval", "c_source": "Source and note", "fixed": "fixed",
        "see_cons": "See the consequence below.",
        "shock": "standard normal (times the standard errors)",
        "tab_cons": "Consequences per successful participant (change in units in the 1st, 2nd, … year after "
                    "success)",
        "c_unit": "Unit", "c_kind": "Kind", "c_profile": "Profile", "c_se": "Standard errors", "c_scale": "Scale",
        "c_prices": "Price per unit",
        "tab_corr": "Correlations (Spearman rank correlation)", "c_inputs": "Inputs", "c_rho": "ρ",
        "s_method": "Method",
        "s_sources": "Sources",
        "s_prov": "Provenance",
        "p_version": "somsim version", "p_numpy": "numpy version", "p_seed": "Seed", "p_draws": "Draws",
        "p_sampler": "Sampler", "p_sha": "Scenario SHA-256", "p_file": "Scenario file",
        "p_includes": "Included libraries", "p_created": "Created", "p_command": "Reproduce with",
        "p_bands": "Draws behind the yearly bands",
        "scenario_text": "The scenario file (as read)",
        "fig": "Figure",
        "alt_fan": "Fan chart: cumulative net present value by year, {who}, base case with 50% and 90% bands",
        "alt_dist": "Histogram of the net present value, {who}, with the share above zero marked",
        "alt_be": "The chance of having paid back, year by year",
        "alt_wf": "Waterfall: gains by domain, costs and net, {who}",
        "alt_tornado": "Tornado: the net present value when one input at a time goes from its 5th to its 95th "
                       "percentile",
        "alt_sobol": "Sobol indices with confidence intervals",
        "alt_soby": "Sobol indices year by year",
        "alt_voi": "Expected value of perfect information per input",
        "footer": "Made with somsim {v}. The numbers can be reproduced from the same scenario file, seed and number "
                  "of draws.",
    },
}

WHO = {"da": {"total": "i alt", "kommune": "kommunen", "region": "regionen", "stat": "staten"},
       "en": {"total": "total", "kommune": "kommune", "region": "region", "stat": "stat"}}
