"""担保费补贴: the measure's fields, checks and computation (calculator)."""
