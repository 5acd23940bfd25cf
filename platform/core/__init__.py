"""Model-free building blocks every app may use: markup, domain errors, pagination, throttling."""
