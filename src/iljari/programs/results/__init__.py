"""Targets vs. results of a plan, computed from what the system records.

Counting rules (docs/programs.md):
* jobs (일자리 창출) of a project = its attributed placements that are active and whose
  hire date falls in the plan's year (one ``Attribution`` row per project and placement,
  so a hire counts once per project) + approved manual "jobs" entries;
* above a project (program, strategy, plan) a placement attributed to several projects
  counts once: those totals count distinct placements, never the sum of the projects;
* hires (취업자) = distinct seekers among those placements;
* trained (교육 수료) = completions of the project's courses in the year;
* participants and budget = approved manual entries.

Every placement figure comes from four statements over the plan's attributions
(``aggregates``), the rest from a few small GROUP BY queries: about a dozen queries, whatever
the number of projects or placements. The whole report is cached under the data version
(``versions``): any change of a placement, attribution, target, manual entry, completion,
employer or the plan's structure gives a new version, and an unchanged plan is served from
the cache.

The report is a tree of nodes (``tree``) built for a plan (``plan``) or a multi-year program
(``series``), cached under the data version (``cache``); ``evidence`` lists what a number counts.
"""
