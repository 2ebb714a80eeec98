"""Rules as data: versions in force by date, each with its legal citation."""

from gov_deadlines.rules.catalog import Catalog
from gov_deadlines.rules.model import Before, Citation, Rule, RuleKind, Schedule

__all__ = ["Before", "Catalog", "Citation", "Rule", "RuleKind", "Schedule"]
