"""Yearly results reports and targets (L1-L4, T4): report models, targets, filing a unit's
report up its chain, the summary against the targets, and the replay of a report."""
