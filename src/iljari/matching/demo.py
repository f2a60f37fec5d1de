"""Demo seeder: runs the batch once so every demo seeker and vacancy has stored recommendations."""

from .actions import do_run_batch_matching


def seed(ctx) -> None:
    run = do_run_batch_matching(k=10, executor="local")
    ctx.say(
        f"    matching: {run.n_recommendations} recommendations for {run.n_seekers} seekers / "
        f"{run.n_vacancies} vacancies"
    )
