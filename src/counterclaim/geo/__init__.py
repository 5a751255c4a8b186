"""Geoparsing: toponym mentions of a parsed article resolved in the gazetteer (`geoparse`, `places`),
and the packaged boundaries the map draws (`boundaries`)."""
