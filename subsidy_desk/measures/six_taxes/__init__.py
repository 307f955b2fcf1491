"""六税两费减征: the measure's fields, checks and computation (calculator)."""
