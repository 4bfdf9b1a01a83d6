return (sum(x for x in []), any(x for x in []), all(x for x in []), sorted(x for x in ()), sum((x for x in range(4)), 10))
