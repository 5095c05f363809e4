"""The smallest valid scenario, shared by the malformed-input and fuzz tests."""

MINIMAL = """\
somsim = 1

[scenario]
id = "minimal"
price_year = 2019
horizon = 5

[intervention]
name = "X"
cohorts = [10, 10]
success_rate = 0.2

[[cost]]
name = "Drift"
per_participant = 1000

[[consequence]]
activity = "skole"
per_success = [-0.1, -0.1]

[activity.skole]
price = { kommune = 100000 }
"""
