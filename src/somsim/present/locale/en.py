"""English: the text of the report, the plots, the workbook, the headline sentence and the input labels.

Format strings with named fields (``{who}``, ``{y}`` …); the code that fills them is in
:mod:`somsim.present`. Kroner and percentages are formatted by the code (Danish or English number
format, as the caller asks).
"""

from somsim.present.locale._actors import ActorNames

REPORT = {
    "reconstruction": "Reconstruction – not the original calculation.",
    "reconstruction_more": "Published figures are used as published; every other number is a documented assumption, "
                           "chosen so that the base case reproduces the published result. See the sections Inputs "
                           "and Method.",
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
                  "present value lay in the simulated paths: the dark band holds half of them, the light one 90%.",
    "same_as_total": "The {who_l} bears all gains and costs; its curves are the same as the total's.",
    "actors_caption": "The split over the public budgets. Each panel has its own scale.",
    "s_unc": "How certain is the result?",
    "unc_intro": "Each bar is a share of the {n} simulated outcomes. Bars to the right of zero are outcomes in "
                 "which the intervention gives the public sector a surplus.",
    "s_where": "Where do the gains come from?",
    "where_intro": "The base case's gains by domain, less the costs. All amounts are present values in {y} prices.",
    "s_tables": "Tables",
    "tab_actor": "Result by actor (DKK thousand, present value, {y} prices)",
    "tab_pp": "Net present value per participant (DKK, {y} prices; {n} participants)",
    "tab_year": "Year by year, {who} (DKK thousand, {y} prices)",
    "tab_year_note": "Gains, costs and net in the year are the base case in fixed prices, undiscounted. The "
                     "cumulative net present value is discounted; 5%, 50% and 95% are percentiles of the simulated "
                     "paths ({n} draws), and the last column is the share of paths that have paid back by that year.",
    "tab_act": "Gains by activity (DKK thousand, present value in the base case)",
    "c_actor": "Actor",
    "c_gains": "Gains",
    "c_costs": "Costs",
    "c_npv": "Net (base)",
    "c_mean": "Mean",
    "c_p05": "5%",
    "c_p50": "50%",
    "c_p95": "95%",
    "c_ppos": "P(positive)",
    "c_be": "Pays back (base)",
    "s_committees": "Who pays, who gains",
    "committees_intro": "The kommune's gains and costs split by committee (the scenario's [udvalg] section); "
                        "what no committee names is under Øvrige (other). Present values in {y} prices; the "
                        "kommune's total equals the sum of its committees.",
    "tab_committees": "The kommune's committees: gains, costs and net present value "
                      "(DKK thousand, present value, {y} prices)",
    "to": " to ",
    "c_committee": "Committee",
    "c_band": "90% interval",
    "c_payback": "Paid back (undiscounted)",
    "alt_committees": "Net present value of the kommune's committees in the base case with its 90% interval",
    "c_base": "Base",
    "c_year": "Year",
    "c_net": "Net",
    "c_cum": "Cumulative NPV (base)",
    "c_pbe": "P(paid back)",
    "c_activity": "Activity",
    "c_domain": "Domain",
    "c_total": "Total",
    "never": "–",
    "s_sens": "What matters most for the result?",
    "sens_intro": "The tornado moves one input at a time; the Sobol indices share the whole uncertainty out over "
                  "the inputs (with interactions); the value of information shows what it is worth to know an input "
                  "exactly before deciding.",
    "cap_tornado": "Each input moves on its own from its 5th to its 95th percentile while the others stay at their "
                   "base values. The width shows how much the result depends on that one number.",
    "tab_switch": "When does the result change sign? (one input at a time)",
    "c_switch": "Zero at",
    "c_other": "Chance of lying there or beyond",
    "switch_note": "The value of the input at which the base-case net present value is zero, with every other input "
                   "at its base value, and the chance (by the input's distribution) that it lies beyond that value.",
    "cap_sobol": "Sobol indices (N = {n}). ST is the share of the variance that would go if the input were known "
                 "exactly, interactions with other inputs included; S1 is the input's own share. Correlated inputs "
                 "are treated as one block.",
    "tab_groups": "Groups of inputs (Sobol indices)",
    "c_members": "Inputs in the group",
    "cap_soby": "Which inputs drive the uncertainty of each year's net result: the costs in the years of operation, "
                "the effect and the prices in the years after.",
    "cap_voi": "Expected value of perfect information (EVPPI) in kroner for the whole decision: how much better the "
               "decision to invest becomes on average if the input (or the group, in [brackets]) were known "
               "exactly. The percentage is the share of the value of knowing everything (EVPI).",
    "voi_certain": "Value of information: the decision is all but certain ({p} chance of a positive result), and "
                   "the expected value of removing all uncertainty (EVPI) is only {v} – more local knowledge would "
                   "hardly change the decision, so the value per input is not computed.",
    "failed": "Could not be computed ({what}): {err}",
    "s_inputs": "Inputs",
    "inputs_intro": "Every uncertain input and the fixed numbers that carry information. The point value is the one "
                    "the base case uses; the 90% interval is the distribution's 5th and 95th percentile.",
    "c_input": "Input",
    "c_group": "Group",
    "c_dist": "Distribution",
    "c_point": "Point value",
    "c_range": "90% interval",
    "c_source": "Source and note",
    "fixed": "fixed",
    "see_cons": "See the consequence below.",
    "shock": "standard normal (times the standard errors)",
    "tab_cons": "Consequences per successful participant (change in units in the 1st, 2nd, … year after success)",
    "c_unit": "Unit",
    "c_kind": "Kind",
    "c_profile": "Profile",
    "c_se": "Standard errors",
    "c_scale": "Scale",
    "c_prices": "Price per unit",
    "tab_corr": "Correlations (Spearman rank correlation)",
    "c_inputs": "Inputs",
    "c_rho": "ρ",
    "s_method": "Method",
    "s_sources": "Sources",
    "s_prov": "Provenance",
    "p_version": "somsim version",
    "p_numpy": "numpy version",
    "p_seed": "Seed",
    "p_draws": "Draws",
    "p_sampler": "Sampler",
    "p_sha": "Scenario SHA-256",
    "p_file": "Scenario file",
    "p_includes": "Included libraries",
    "p_created": "Created",
    "p_command": "Reproduce with",
    "p_bands": "Draws behind the yearly bands",
    "scenario_text": "The scenario file (as read)",
    "fig": "Figure",
    "alt_fan": "Fan chart: cumulative net present value by year, {who}, base case with 50% and 90% bands",
    "alt_dist": "Histogram of the net present value, {who}, with the share above zero marked",
    "alt_be": "The chance of having paid back, year by year",
    "alt_wf": "Waterfall: gains by domain, costs and net, {who}",
    "alt_tornado": "Tornado: the net present value when one input at a time goes from its 5th to its 95th percentile",
    "alt_sobol": "Sobol indices with confidence intervals",
    "alt_soby": "Sobol indices year by year",
    "alt_voi": "Expected value of perfect information per input",
    "footer": "Made with somsim {v}. The numbers can be reproduced from the same scenario file, seed and number of "
              "draws.",
    "s_cmp": "Comparison with other options",
    "cmp_intro": "The options are simulated with {n} draws on common random numbers: an input with the same name "
                 "and the same distribution in several options (e.g. the same unit price or discount rate) gets "
                 "the same draw in all of them, so that the differences do not drown in random noise. The choice "
                 "is made on the net present value for the {who}.",
    "cmp_shared": "Shared inputs (same draws): {names}.",
    "cmp_not_shared": "Inputs with the same name but different distributions are drawn separately: {names}.",
    "cmp_nothing": "status quo (no intervention)",
    "tab_cmp": "The options: net present value for the {who} ({y} prices)",
    "c_option": "Option",
    "c_pbest": "P(best)",
    "c_loss": "Expected loss",
    "cmp_note": "P(best): the share of draws in which the option has the largest net present value. Expected loss: "
                "what choosing the option forgoes on average against the option that turns out best in each draw.",
    "tab_diff": "The difference between the options, {who} (same draws)",
    "c_pair": "Difference",
    "c_first_better": "P(first is better)",
    "cmp_best": "Best on average: {best} ({p} chance of being best). The value of knowing everything before "
                "choosing (EVPI of the choice): {v} (± {se}).",
    "tab_cmp_evppi": "Which inputs could change the choice? (EVPPI of the choice)",
    "cmp_evppi_note": "The expected value of knowing the input exactly before choosing between the options.",
    "cmp_price_years": "The options are in different price years ({y}); their kroner are not directly comparable.",
    "alt_cmp": "The probability of being best by required return, and the distribution of the difference between "
               "{a} and {b}",
    "cap_cmp": "Top: the probability that each option is best when a return per krone invested is required (0 = the "
               "net present value alone). Bottom: the difference {a} minus {b} in each draw.",
    "s_local": "What the local data changed",
    "local_intro": "The scenario has local data (number of observations: {n}). They turn the prior distribution of "
                   "{names} into a posterior, and the rest of the report uses the posterior. Here they are side by "
                   "side.",
    "tab_local_npv": "Net present value for the {who} before and after the local data ({y} prices)",
    "tab_local_npv_base": "Net present value for the {who} in the base case before and after the local data "
                          "({y} prices)",
    "local_before": "Before (prior)",
    "local_after": "After (posterior)",
    "local_npv_note": "Both runs have {n} draws and the same seed ({seed}); only the updated inputs differ.",
    "tab_local_inputs": "Inputs before and after the local data: mean (90% interval)",
    "c_data": "Local data",
    "c_prior": "Before (prior)",
    "c_post": "After (posterior)",
    "c_how": "Method",
    "c_ess": "ESS",
    "local_conj": "conjugate (exact)",
    "local_resampled": "importance resampling of {d} draws",
    "local_binomial": "{k} of {n}",
    "local_normal": "mean {m} (sd {s}, n = {n})",
    "local_poisson": "{k} events in {e} units",
    "local_ess_note": "ESS: the effective sample size of importance resampling. Below {w} the posterior rests on few "
                      "draws. Assumption: the resampled posterior enters the model as a distribution of the same "
                      "kind with the weighted mean and standard deviation.",
    "local_warn": "Warning – {name}: the effective sample size is only {ess} of {d} draws. The local data contradict "
                  "the prior, which gave such data little chance; check the data and the prior.",
}

WHO = ActorNames({
    "total": "total",
    "kommune": "kommune",
    "region": "region",
    "stat": "stat",
})

PLOT = {
    "actor": ActorNames({
        "total": "Total",
        "kommune": "Kommune",
        "region": "Region",
        "stat": "Stat",
    }),

    "and": "and",
    "year": "Year (0 = first year of operation)",
    "cum_npv": "Cumulative net present value",
    "npv": "Net present value",
    "base": "Base case (SØM)",
    "base_short": "Base",
    "band50": "50% interval",
    "band90": "90% interval",
    "prices": "{y} prices",
    "fan_be": "{who}: pays back in year {t} in the base case",
    "fan_nobe": "{who}: does not pay back within {h} years in the base case",
    "fan_sub": "{p} chance of a surplus after {h} years; the bands hold 50% and 90% of the simulated paths",
    "fan_sub_short": "{p} chance of a surplus after {h} years",
    "fan_nocost": "{who}: gains only, no costs",
    "year_short": "Year",
    "dist_title": "{who}: {p} chance of a positive result",
    "dist_sub": "Net present value in {n} simulated outcomes; dashed line: the base case",
    "above": "{p} above zero",
    "below": "{p} below zero",
    "share_draws": "Share of outcomes",
    "be_title": "{who}: {p} chance of having paid back by year {t}",
    "be_title_none": "{who}: less than 50% chance of paying back within {h} years",
    "be_sub": "Share of the simulated paths whose cumulative net present value is positive from that year on",
    "be_y": "Chance of having paid back",
    "wf_costs": "Costs of the intervention",
    "wf_net": "Net present value",
    "wf_title": "{who}: {d} brings {s} of the gains",
    "wf_title_one": "{who}: gains of {g} against costs of {c}",
    "wf_sub": "Present value in the base case; net {n}",
    "wf_sub_many": "Gains {g} against costs {c}; net {n} (present value in the base case)",
    "wf_x": "Present value",
    "com_title": "Who pays, who gains in the kommune",
    "com_sub": "Net present value by committee, base case; line: 90% interval",
    "com_sub_base": "Net present value by committee, base case",
    "com_gains": "Gains",
    "com_costs": "Costs",
    "com_npv": "Net",
    "tor_low": "Input at its 5th percentile",
    "tor_high": "Input at its 95th percentile",
    "tor_title": "{name} moves the result most",
    "tor_sub": "One input at a time from its 5th to its 95th percentile, the others at base values; {name}: {r}",
    "sob_st": "Total effect, with interactions (ST)",
    "sob_s1": "The input alone (S1)",
    "sob_x": "Share of the variance of the net present value",
    "sob_title": "{name} explains {p} of the uncertainty",
    "sob_sub": "Sobol indices of the net present value; whiskers: confidence intervals",
    "soby_title": "What drives the uncertainty, year by year",
    "soby_sub": "Total Sobol index (ST) of the net result of each year; bands: confidence intervals",
    "soby_y": "Share of variance",
    "voi_x": "Expected value of perfect information (EVPPI)",
    "voi_evpi": "All uncertainty removed (EVPI): {v}",
    "voi_title": "Most worth measuring locally: {name}",
    "voi_sub": "Value of knowing the input exactly before deciding; {p} of the value of full knowledge (EVPI {v})",
    "voi_sub_noevpi": "Value of knowing the input exactly before deciding; whiskers: ±1.96 standard errors",
    "voi_title_zero": "More knowledge would hardly change the decision",
    "voi_sub_zero": "The expected value of full knowledge (EVPI) is only {v}",
    "cmp_pb_title": "Probability of being best, by required return",
    "cmp_pb_sub": "{n} draws with common random numbers; perspective: {who}",
    "cmp_x": "required return per krone invested (present value)",
    "cmp_y": "probability of being best",
    "cmp_diff_title": "{a} minus {b}: {p} of the draws are above zero",
    "cmp_diff_sub": "90% interval {band}; the same draws of the shared inputs",
    "cmp_diff_x": "difference in NPV",
    "cmp_share": "share of draws",
}

UNITS = {
    1000000.0: "DKK million",
    1000.0: "DKK thousand",
    1.0: "DKK",
}

WORKBOOK = {
    "sheets": {
        "summary": "Summary",
        "by_year": "By year",
        "activities": "Activities",
        "inputs": "Inputs",
        "consequences": "Consequences",
        "about": "About",
    },
    "facts": "{id} · {n} participants · {h}-year horizon · {y} prices",
    "measure": "Measure",
    "summary_rows": {
        "gains_pv": "Gains (present value, base case)",
        "costs_pv": "Costs (present value, base case)",
        "npv": "Net present value (base case)",
        "npv_per_participant": "Net present value per participant (base case)",
        "break_even_year": "Pays back, year (base case)",
        "npv_mean": "Net present value, mean",
        "npv_sd": "Net present value, standard deviation",
        "npv_mcse": "Monte Carlo error of the mean",
        "npv_p05": "Net present value, 5th percentile",
        "npv_p25": "Net present value, 25th percentile",
        "npv_p50": "Net present value, median",
        "npv_p75": "Net present value, 75th percentile",
        "npv_p95": "Net present value, 95th percentile",
        "prob_positive": "Chance of a positive result",
        "per_participant_mean": "Per participant, mean",
        "per_participant_p05": "Per participant, 5th percentile",
        "per_participant_p50": "Per participant, median",
        "per_participant_p95": "Per participant, 95th percentile",
        "prob_break_even_by_end": "Chance of paying back within the horizon",
    },
    "by_year": {
        "actor": "Actor",
        "year": "Year",
        "gains": "Gains in the year (base)",
        "costs": "Costs in the year (base)",
        "net": "Net in the year (base)",
        "cumulative_npv": "Cumulative net present value (base)",
        "cumulative_npv_mean": "Cumulative NPV, mean",
        "cumulative_npv_p05": "Cumulative NPV, 5%",
        "cumulative_npv_p25": "Cumulative NPV, 25%",
        "cumulative_npv_p50": "Cumulative NPV, 50%",
        "cumulative_npv_p75": "Cumulative NPV, 75%",
        "cumulative_npv_p95": "Cumulative NPV, 95%",
        "prob_break_even": "Chance of having paid back by the year",
    },
    "activities": {
        "activity": "Activity",
        "title": "Title",
        "domain": "Domain",
        "unit": "Unit",
        "kind": "Kind",
        "gains_total": "Gains, total (PV, base)",
        "gains_kommune": "Kommune",
        "gains_region": "Region",
        "gains_stat": "Stat",
        "source": "Source",
        "note": "Note",
    },
    "inputs": {
        "name": "Input",
        "label": "Description",
        "group": "Group",
        "uncertain": "Uncertain",
        "distribution": "Distribution",
        "point": "Point value",
        "p05": "5th percentile",
        "p95": "95th percentile",
        "source": "Source",
        "note": "Note",
    },
    "consequences": {
        "activity": "Activity",
        "tau": "Year after success",
        "per_success": "Change per successful participant",
        "se": "Standard error",
    },
    "yes": "yes",
    "no": "no",
    "key": "Field",
    "value": "Value",
    "about": {
        "title": "Title",
        "id": "Scenario id",
        "file": "Scenario file",
        "sha256": "Scenario SHA-256",
        "version": "somsim version",
        "numpy": "numpy version",
        "seed": "Seed",
        "draws": "Draws",
        "sampler": "Sampler",
        "band_draws": "Draws behind the yearly bands",
        "price_year": "Price year",
        "horizon": "Horizon (years)",
        "participants": "Participants",
        "discount": "Discount rate",
        "created": "Created",
        "schema": "Schema",
        "note": "Note",
    },
    "about_note": "Amounts in DKK in fixed prices; present values are discounted to year 0 (the first year of "
                  "operation).",
}

FAMILY = {
    "normal": "normal",
    "truncnormal": "truncated normal",
    "lognormal": "lognormal",
    "gamma": "gamma",
    "beta": "beta",
    "uniform": "uniform",
    "triangular": "triangular",
    "pert": "PERT",
}

PARAM = {
    "mean": "mean",
    "sd": "sd",
    "median": "median",
    "ci95": "95%",
    "min": "min",
    "mode": "mode",
    "max": "max",
    "low": "low",
    "high": "high",
    "alpha": "α",
    "beta": "β",
    "shape": "shape",
    "scale": "scale",
    "value": "value",
}

ACTOR = ActorNames({
    "total": "Total",
    "kommune": "Kommune",
    "region": "Region",
    "stat": "Stat",
})

GROUP = {
    "effect": "effect",
    "prices": "prices",
    "costs": "costs",
    "discounting": "discounting",
}

KIND = {
    "expenditure": "expenditure",
    "revenue": "revenue",
}

#: the method notes of the report: (heading, text) in this order; {when} is one of the two phrases below
METHOD = {
    "what": ("What SØM counts",
             "Only budget-economic consequences for the public sector – kommune (municipality), region and stat "
             "(central government) – after reimbursements between them and without equalisation and block grants. "
             "The net result is the consequences (less use of public services, more tax revenue) minus the costs "
             "of the intervention."),
    "not": ("What SØM does not count",
            "The participants' quality of life and own economy, gains to anyone but the public sector, and "
            "consequences the scenario leaves out. The result is therefore not a welfare-economic (cost-benefit) "
            "analysis."),
    "effect": ("Effect and consequences",
               "The effect enters only through the net success rate: the share of participants who reach the "
               "success criterion because of the intervention (over and above those who would have reached it "
               "anyway). The effect falls {when} and is the same for every cohort. The consequence estimates are "
               "differences in use between a success and a non-success group in the registers; they are not "
               "causal, and relapse lies in their course over time."),
    "discount": ("Discounting and prices",
                 "All amounts are in {y} prices. Gains and costs are discounted at {rate} a year; year 0 (the first "
                 "year of operation) is not discounted. Per participant is the net present value divided by all "
                 "{participants} participants. Paying back (break-even) is the first year from which the "
                 "cumulative net present value stays positive to the end of the horizon."),
    "uncertainty": ("Uncertainty",
                    "The calculation is repeated {n} times ({sampler} sample, seed {seed}) with every uncertain "
                    "input drawn from its distribution; correlations between inputs enter through a Gaussian copula "
                    "on rank correlations. The 90% interval is the 5th and 95th percentile of the simulated net "
                    "present values; the chance of a positive result is the share of draws above zero (Monte Carlo "
                    "error of the mean: {mcse}). The yearly bands use the first {band} draws."),
    "not_covered": ("What the uncertainty does not cover",
                    "The distributions are judgements and may themselves be too narrow. The structure of the model "
                    "– which consequences are included, the horizon, an effect that is the same for every cohort – "
                    "is held fixed, and so is the number of participants."),
    "assumed": ("Reconstructed and assumed",
                "{recon}Of the {uncertain} uncertain inputs, {sourced} have a source{both}, {assumed} are "
                "assumptions without a source (marked in their note), and {neither} have neither a source nor an "
                "assumption mark (see Inputs). Each input is counted once; one with a source counts as sourced."),
}
METHOD_PHRASES = {
    "both": " ({n} of them also mark part of the number, e.g. its spread, as an assumption)",
    "when_lag0": "in the year the participant completes the course",
    "when_lag": "{lag} years after the completion year",
    "recon": "This scenario is a reconstruction; the description at the top says what is published and what is "
             "assumed. ",
    "point": "point",
}

#: the headline sentence that a report can quote ({ninety}, {fifty}: 90 % and 50 % in the number format)
HEADLINE = {
    "base_only": "NPV, {who}: {v} ({pp} per participant; base case, no uncertainty)",
    "sentence": "NPV, {who}: {npv} ({ninety} interval {interval}); {p} chance of a positive result",
    "be_by": "; {p} chance of break-even by year {t}",
    "be_none": "; less than {fifty} chance of break-even within {h} years",
    "assumed_spreads": " — with spreads we assumed; the published case gives only a point estimate",
    "run": "({n} draws, {sampler} sampler, seed {seed}; Monte Carlo error of the mean {mc})",
}

#: a reader's name for each model quantity
LABELS = {
    "success_rate": "Net success rate",
    "discount_rate": "Discount rate",
    "cost": "Cost: {name} ({actor}, {how})",
    "per_participant": "per participant",
    "per_year_one": "amount per year, year {years}",
    "per_year_many": "amount per year, years {years}",
    "consequence": "Consequence: {title}, estimation error",
    "scale": "Consequence: {title}, scale",
    "price": "Price: {title} ({actor})",
    "kind_per_participant": "per participant",
    "kind_per_year": "amount per year",
}

#: what the command line prints: table titles, column headers, sentences (the numbers are formatted by the code)
CONSOLE = {
    "warning": "warning",
    "usage": "Usage",
    "try_help": "Try '{cmd}' for help.",
    "error": "Error",
    "note": "note",
    "scenario_line": "{title}  ({id}; {path})",
    "ok": "OK: {path} is a valid format-1 scenario.",
    "base_title": "Base case ({y} prices, {h} years, {n} participants)",
    "gains_pv": "Gains (PV)",
    "costs_pv": "Costs (PV)",
    "npv": "Net present value",
    "npv_per_participant": "per participant",
    "payback_year": "Payback year (undiscounted)",
    "bcr": "Benefit–cost ratio",
    "break_even_year": "Break-even year",
    "inputs_prices": "; amounts in {y} prices",
    "as_written": "(as written: {dist} in {year} prices)",
    "inputs_title": "Uncertain inputs ({n} of {m} model quantities)",
    "c_input": "input",
    "c_group": "group",
    "c_dist": "distribution",
    "c_point": "point value",
    "effect": "{q}{unit} ±{se} in year {year}",
    "effect_more": " (+{n} years)",
    "of_estimate": "{p} of the estimate",
    "effect_at_least": "the effect must be at least {p} of the estimate",
    "wrote": "wrote {path}",
    "workers_cores": "--workers {n} is more than the {cores} cores of this machine; the workers will share them and "
                     "the run will be slower, not faster (try --workers {cores})",
    "progress_draws": "draws",
    "progress_evaluations": "evaluations",
    # sensitivity
    "sens_title": "{title} — sensitivity ({method})",
    "evaluations": "{n} model evaluations",
    "seed": ", seed {seed}",
    "sobol_title": "{out}: Sobol' indices (N = {n}; ± {conf} interval)",
    "group": "group {name}",
    "morris_title": "{out}: Morris screening ({n} trajectories; {unit})",
    "given_title": "{out}: {method} ({n} draws)",
    "dummy": "(dummy: noise floor)",
    "tornado_title": "{out}: tornado ({unit}; base case {base}; each input at its {lo} and {hi} quantile or the "
                     "given range)",
    "c_low_value": "low value",
    "c_high_value": "high value",
    "c_at_low": "at low",
    "c_at_high": "at high",
    "c_swing": "swing",
    "switch_title": "{out}: switching values (where the base-case result is 0)",
    "c_switch": "switching value",
    "c_change": "change",
    "c_cdf": "P(input ≤ value)",
    "none in support": "none in support",
    "none in range": "none in range",
    "roots": " ({n} roots)",
    "year_title": "net.{actor} by year: {key} of each input",
    "constant": "{out}: does not vary with the inputs ({v} in every evaluation): nothing to attribute.",
    "kr_unit": "DKK",
    "mkr_unit": "DKK million",
    # value of information
    "voi_title": "{title} — value of information, perspective: {who}{floor}",
    "voi_floor": ", invest if NPV > {v}",
    "voi_run": "{n} draws (seed {seed}). Expected net benefit {mean}, P(NPV > {min}) = {p}: on current "
               "information, {decision}.",
    "invest": "invest",
    "do not invest": "do not invest",
    "evpi": "EVPI = {v} (± {se}): the most that removing all uncertainty before deciding is worth, for this one "
            "decision.",
    "evppi_title": "What to measure locally: inputs by EVPPI{more}",
    "top": " (top {top} of {n})",
    "groups_title": "Groups of inputs",
    "c_first_input": "input",
    "c_first_group": "group",
    "c_evppi": "EVPPI DKK",
    "c_se": "± SE",
    "c_pct_evpi": "% of EVPI",
    "c_pct_var": "% of var.",
    "c_r2": "fit R²",
    "evppi_note": "EVPPI: the expected value of learning the input(s) exactly before deciding. % of var.: the "
                  "expected reduction of the NPV's variance from learning them. SE: the larger of the regression's "
                  "own and the bootstrap error. Fit R²: of the regression (with the control variates).",
    "study_title": "Local study of {input}: {assumption}",
    "c_n": "n",
    "c_evsi": "EVSI DKK",
    "c_cost": "study cost DKK",
    "c_enbs": "ENBS DKK",
    "optimal": "← optimal",
    "best": "Optimal study size: n = {n} (ENBS {v}).",
    "none_worth": "No study size in the grid is worth its cost (ENBS ≤ 0).",
    "enbs_line": "{best} ENBS = EVSI × 1 decision − ({cost}); EVSI approaches the EVPPI of {input}, {evppi}, for "
                 "large n.",
    "study_recommended": 'the recommended study (n = {n})',
    "study_largest": 'a study of n = {n} (no size in the grid was worth its cost; the largest shown)',
    "study_now": '[bold]What {size} of {input} could show[/bold]. '
                 'Now: expected NPV {mean}, P(NPV > {floor}) = {p}: {decision}.',
    "study_post_title": 'Posterior of {input} for plausible study outcomes',
    "c_outcome": 'outcome',
    "c_data": 'data',
    "c_post_mean": 'posterior mean',
    "c_interval": '90% interval',
    "c_exp_npv": 'expected NPV',
    "c_decision": 'decision',
    "percentile": '{p}th percentile',
    "u_title": 'What the local data changed ([[observation]]): prior and posterior',
    "u_input": 'input',
    "u_data": 'data',
    "u_prior": 'prior',
    "u_prior90": 'prior 90%',
    "u_post": 'posterior',
    "u_post90": 'posterior 90%',
    "u_method": 'method',
    "init_wrote": "wrote {path}: edit it, then run `somsim check {path}`",
    "init_exists": "{path} exists; use --force to overwrite it",
    "init_no_slug": "NAME needs letters or digits (got {name})",
    # compare, portfolio, local data
    "status_quo": "status quo",
    "cmp_head": "Comparison of {n} options",
    "cmp_head_more": " — perspective: {who}, {n} draws (seed {seed})",
    "cmp_crn": ", common random numbers for the shared inputs",
    "cmp_independent": ", independent draws",
    "cmp_required": ", required return {r} kr. per krone of cost",
    "cmp_title": "Net present value ({who}) by option",
    "c_option": "option",
    "c_base": "base case",
    "c_mean": "mean",
    "c_ppos": "P(NPV > 0)",
    "c_pbest": "P(best)",
    "c_loss": "expected loss",
    "diff_title": "Differences (first − second), same draws",
    "c_first": "first",
    "c_second": "second",
    "c_first_better": "P(first better)",
    "cmp_best": "On current information choose [bold]{best}[/bold]. EVPI of the choice = {v} (± {se}): the expected "
                "loss of that choice, the most that knowing every input before choosing is worth.",
    "cmp_evppi_title": "Which inputs could change the ranking: EVPPI of the choice",
    "c_bound": "± bound",
    "cmp_differ": "distributions differ ({shown}): drawn separately for each option",
    "pf_title": "The options",
    "pf_head": "Portfolio under a budget of {budget}",
    "pf_head_more": " — cost {basis} for {payer}, NPV for {who}, {n} draws",
    "pf_basis_pv": "as present value",
    "pf_basis_years": "per budget year 0–{last} (undiscounted)",
    "c_pf_cost": "cost",
    "c_mean_npv": "mean NPV",
    "c_in_best": "in best portfolio",
    "c_p_in_best": "P(in the best portfolio of a draw)",
    "pf_best": "Best portfolio: {options}; cost {cost}, expected NPV {mean} (90% interval {band}), "
               "P(NPV < 0) = {p}.",
    "pf_none": "(none)",
    "u_sd_known": "; the data's sd taken as known",
    "u_resampled": "{how} (effective sample size {ess}); Assumption: the posterior enters the model as a {fam} "
                   "distribution with the weighted mean and sd",
    "method_line": "Method: {method}.",
}

#: the library's notes are written in English: nothing to translate
NOTES: tuple[tuple[str, str], ...] = ()

#: §6 notes beside the headline (present/notes.py)
S6_NOTES = {
    "haircut_evidence": "Evidence-adjusted: evidence level {level} default haircut, {dist} (point {point}; "
                        "the project's judgement, see the method notes)",
    "haircut_file": "Evidence-adjusted: haircut given in the file, {dist} (point {point})",
    "haircut_none": "No evidence haircut (neither evidence nor haircut is given)",
    "bmm": "{who}: base case {base}, mean {mean}, median {median} – they differ because the base case takes each "
           "input's point value while the mean and median come from all draws; skewed inputs pull the mean and "
           "median away from the base case.",
    "few": "Few expected successes ({e}): the chance of no success at all is {p0} and of fewer than half the "
           "expected number {pf} (binomial with the success rate at its point value). The bands leave out this "
           "chance variation; set stochastic_cohorts = true to include it.",
}

#: the scenario's warnings: English is the library's own text (Problem.message); a code here overrides it
WARNINGS: dict[str, str] = {
    "low_ess": "effective sample size {ess} of {draws} prior draws (below {limit}): the local data contradict the "
               "prior, which gave such data little chance; the posterior rests on few draws — check the data and "
               "the prior",
}

#: bad input and the summary line of a bad-input report
ERRORS = {
    "problems": "somsim: {n} problem found; nothing was run or written.",
    "problems_many": "somsim: {n} problems found; nothing was run or written.",
    "more": "… and {n} more",
}

#: the notes of compare and portfolio: English is the library's own text
DECIDE_NOTES: tuple[tuple[str, str], ...] = ()

#: `somsim library`: labels and messages
LIBRARY = {
    "key": "key",
    "title": "title",
    "domain": "domain",
    "unit": "unit",
    "year": "price year",
    "prices": "price per unit (point value)",
    "source": "source",
    "note": "note",
    "kind": "kind",
    "indexed": "indexed",
    "yes": "yes",
    "no": "no (a rate: not converted between price years)",
    "found": "{n} of {total} activities in {lib}",
    "none": "no activity in {lib} matches {words!r}",
    "use": 'Use: include = ["{lib}"] and [[consequence]] activity = "KEY".',
    "index": "Price index (net price index, 2015 = 100): {years}",
    "assumed": "assumption, not published",
    "need_words": "library search needs one or more words (e.g. somsim library search anbringelse)",
    "need_key": "library show needs one activity key (e.g. somsim library show straffesag_dom)",
    "no_key": "no activity {key!r} in {lib}",
}
