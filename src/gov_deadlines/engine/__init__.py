"""The deadline engine: a rule and a case's facts -> :class:`Deadline` and :class:`Verdict`.

Facts and conventions become frozen values first (:mod:`.facts`, :mod:`.conventions`); then a
flat sequence of small steps (:mod:`.steps`), each recording its own trace step with its legal
basis, counts the period with exact arithmetic over the calendar's index (:mod:`.count`);
:mod:`.verdict` judges the outcome. The conventions are the Civil Code's of the trigger's era
(民法通则 Art. 154, 民法总则 / 民法典 Arts. 200-204) unless the rule or the call says otherwise.
"""

from gov_deadlines.engine.api import check, due, due_dates
from gov_deadlines.results import Deadline, Pause, Status, Verdict

__all__ = ["Deadline", "Pause", "Status", "Verdict", "check", "due", "due_dates"]
