"""Reads for attendance, the JP ledger, learning done elsewhere, evaluations and HR
reports. Each selector runs a constant number of queries whatever the data size.

One concern a module; import from the module that holds the selector:

- `access`: the permission-checked fetches (`<thing>_get_for_<role>`) every view uses;
- `roster`: the roster of a session and a facilitator's sessions;
- `jp`: the JP period, summary, ledger and progress of employees;
- `learner`: an employee's learning done elsewhere and evaluations to fill, HR's queue;
- `reports`: HR's session and unit JP reports;
- `pppk_cap`: the PPPK cap warning and how a JP period reads;
- `percent`: the one percentage they all show.
"""
