"""The simulation layer: probabilistic runs in blocks of draws, reproducible whatever the chunking.

* plan.py: Plan, everything needed to compute any block of draws (small, picklable);
* sampling.py: unit-hypercube designs and random streams per block, the copula factor;
* blocks.py: what a worker runs: a chunk of blocks through the kernels to mergeable reductions;
* runners.py: where chunks run, one interface (Runner) for this process and Dask (dask_backend.py);
* reduce.py: combining chunks into the summary; quantiles.py: exact quantiles in bounded memory;
* result.py: SimulationResult; engine.py: simulate(), which ties them together.

May import: the model, scenario and distributions layers and the level-0 modules.
"""
