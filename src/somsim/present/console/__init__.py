"""What the command line prints, as rich renderables: tables of a scenario, a sensitivity and a VOI result.

The functions build tables and sentences (rich markup with the user's text escaped) and print
nothing; :mod:`somsim.cli` prints them.
"""
