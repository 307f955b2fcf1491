"""创业担保贷款贴息: the measure's fields, checks and computation (calculator)."""
