"""The decision layer: choosing between options and learning from local data.

* compare.py: several options simulated with common random numbers for the inputs they share;
  probability of being best, expected loss, EVPI and EVPPI of the choice;
* portfolio.py: the subset of options that fits a budget and maximises expected NPV, exactly;
* update.py: ``[[observation]]`` entries turn the prior of an input into a posterior.

May import: voi, sensitivity, results, simulation, model, scenario, distributions and the level-0 modules.
"""
