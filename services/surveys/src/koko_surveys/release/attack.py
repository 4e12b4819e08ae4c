"""The differencing attack on two consecutive releases, simulated (issue 13, attack 1).

The attacker knows when the target was surveyed (so the target is one of the new submissions
between two releases) and everything published; here they even know the true counts of the
earlier release, which only makes them stronger, so the measured rate is an upper bound for the
realistic attacker. They do not know the other new respondents' answers: those are drawn from the
study's answer distribution. Every run draws fresh record keys, publishes the later release
through the real perturbation table and threshold, and lets the attacker apply the Bayes-optimal
rule (the most probable answer given what was published). The base rate is the best guess from
the answer distribution alone: always the most frequent answer.

A stronger attacker who knows all other new answers is simulated too (`knows_others=True`): their
only uncertainty is the perturbation of the later release.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from math import factorial

from koko_surveys.analytics.ptable import KEY_MODULUS, perturbed, row_of


@dataclass(frozen=True, slots=True)
class AttackOutcome:
    runs: int
    attacker_rate: float
    base_rate: float

    @property
    def gain(self) -> float:
        return self.attacker_rate - self.base_rate


def _published(true_count: int, cell_key: int, threshold: int, perturb: bool) -> int | None:
    if true_count < threshold:
        return None
    value = perturbed(true_count, cell_key) if perturb else true_count
    return value if value >= threshold else None


def _likelihood(observed: int | None, true_count: int, threshold: int, perturb: bool) -> float:
    """P(what was published | the true count)."""
    if true_count < threshold:
        return 1.0 if observed is None else 0.0
    if not perturb:
        return 1.0 if observed == true_count else 0.0
    total = 0.0
    for perturbation, probability in row_of(true_count):
        value = true_count + perturbation
        shown = value if value >= threshold else None
        if shown == observed:
            total += float(probability)
    return total


def _posterior_weights(
    shares: list[float],
    earlier: list[int],
    later: list[int | None],
    others: int,
    threshold: int,
    known_others: list[int] | None,
    perturb: bool,
) -> list[float]:
    """Unnormalised posterior of each answer of the target."""
    categories = len(shares)
    # likelihood[k][x]: category k grew by x new answers since the earlier release.
    likelihood = [
        [_likelihood(later[k], earlier[k] + x, threshold, perturb) for x in range(others + 2)]
        for k in range(categories)
    ]
    weights = []
    for answer in range(categories):
        if known_others is not None:
            weight = shares[answer]
            for k in range(categories):
                weight *= likelihood[k][known_others[k] + (k == answer)]
            weights.append(weight)
            continue
        # Sum over every way the others' answers split (multinomial), as the coefficient of
        # z^others in the product of one generating polynomial per category.
        product = [1.0] + [0.0] * others
        for k in range(categories):
            share, shift = shares[k], int(k == answer)
            poly = [share**j / factorial(j) * likelihood[k][j + shift] for j in range(others + 1)]
            product = [
                sum(product[i] * poly[j - i] for i in range(j + 1)) for j in range(others + 1)
            ]
        weights.append(shares[answer] * factorial(others) * product[others])
    return weights


def simulate(
    shares: list[float],
    *,
    earlier_size: int,
    new_submissions: int,
    threshold: int,
    runs: int,
    seed: int = 13,
    knows_others: bool = False,
    perturb: bool = True,
) -> AttackOutcome:
    """Two consecutive releases `runs` times; how often the attacker's best rule is right.
    `perturb=False` publishes exact counts (threshold only), the control that shows the rule
    works."""
    rng = random.Random(seed)
    categories = list(range(len(shares)))
    best_guess = max(categories, key=lambda k: shares[k])
    attacker_hits = base_hits = 0
    others = new_submissions - 1
    for _ in range(runs):
        earlier_answers = rng.choices(categories, weights=shares, k=earlier_size)
        other_answers = rng.choices(categories, weights=shares, k=others)
        target = rng.choices(categories, weights=shares, k=1)[0]
        earlier = [0] * len(categories)
        keys = [0] * len(categories)
        for answer in earlier_answers:
            earlier[answer] += 1
            keys[answer] += rng.randrange(KEY_MODULUS)
        later_counts = list(earlier)
        known = [0] * len(categories)
        for answer in [*other_answers, target]:
            later_counts[answer] += 1
            keys[answer] += rng.randrange(KEY_MODULUS)
        for answer in other_answers:
            known[answer] += 1
        later = [_published(later_counts[k], keys[k], threshold, perturb) for k in categories]
        weights = _posterior_weights(
            shares, earlier, later, others, threshold, known if knows_others else None, perturb
        )
        guess = max(categories, key=lambda k: weights[k])
        attacker_hits += guess == target
        base_hits += best_guess == target
    return AttackOutcome(runs, attacker_hits / runs, base_hits / runs)


CASES = {
    "uniform over 5 answers": [0.2] * 5,
    "two answers, 50/50": [0.5, 0.5],
    "Verbleib-like (35/25/20/15/5)": [0.35, 0.25, 0.2, 0.15, 0.05],
    "one dominant answer (90/10)": [0.9, 0.1],
}


def main(runs: int = 10_000) -> None:
    """Print the table documented in the README (`python -m koko_surveys.release.attack`)."""
    print("| answer distribution | new submissions | base rate | attacker | gain | stronger |")
    print("|---|---|---|---|---|---|")
    for name, shares in CASES.items():
        for new in (1, 5, 10):
            outcome = simulate(shares, earlier_size=40, new_submissions=new, threshold=3, runs=runs)
            strong = simulate(
                shares,
                earlier_size=40,
                new_submissions=new,
                threshold=3,
                runs=runs,
                knows_others=True,
            )
            print(
                f"| {name} | {new} | {outcome.base_rate:.3f} | {outcome.attacker_rate:.3f} | "
                f"{outcome.gain:+.3f} | {strong.gain:+.3f} |"
            )


if __name__ == "__main__":
    main()
