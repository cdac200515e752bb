"""Charts (matplotlib, Figure API); the only package that imports matplotlib.

- ``timeline`` (and ``timeline_lanes``): a run's responses, lanes and injects;
- ``comparison``: a comparison's timelines and milestones dot-plot;
- ``distributions`` (with ``drivers`` and ``deadlines``): a sweep's ECDF, box plot and tornado;
- ``forecast``: a forecast's ECDF of the open objectives (from the start, now, per option);
- ``output``: each figure built once, written as SVG here and PNG beside this process;
- ``labels``: scenario text made literal, long names shortened from the middle;
- ``palette``: a variant's colour, the same in every chart.
"""
