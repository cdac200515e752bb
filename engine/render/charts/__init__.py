"""Charts (matplotlib, Figure API); the only package that imports matplotlib."""
