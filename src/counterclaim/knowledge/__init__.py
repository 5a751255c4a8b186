"""Knowledge bases every stage looks things up in: the gazetteer of places (GeoNames), the actors and
their sides (actors.yaml, armed groups, officials), the countries with their demonyms and capitals,
and the phrase index that finds any of these names in text. Read from the packaged `data/` files."""
