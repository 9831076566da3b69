"""Analysis of outcomes: voting power and coalitions, offices and cabinets, disproportionality
and fragmentation, census-apportionment paradoxes, projections."""
