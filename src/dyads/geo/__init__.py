"""Places: toponyms resolved to GeoNames ids, coordinates and countries.

The spaCy component (factory ``dyads_places``) lives in :mod:`dyads.geo.component`;
importing this package does not load the gazetteer.
"""

from dyads.geo.clause import place_in_clause

__all__ = ["place_in_clause"]
