"""The Kubernetes recipe (deploy/kubernetes/) cannot run here; this checks what can be checked without a cluster.

Every YAML file parses; each Dockerfile pins its base image, copies only what
``python -m deploy.envs stage`` produces and ends as a non-root user; the Helm
values and manifests name the images build.sh builds, the volumes storage.yaml
makes, the service and group of the course in curriculum/course.yaml, and the
formgrader's Service; the trainee image hides exactly the extensions make hub hides.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from deploy.envs import TRAINEE_DISABLED_LAB, stage_images
from grading.course import load_course

HERE = Path(__file__).resolve().parent.parent / "deploy" / "kubernetes"
COURSE = load_course().course_id


def _docs(name: str) -> list[dict]:
    return [d for d in yaml.safe_load_all((HERE / name).read_text(encoding="utf-8")) if d]


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    return stage_images(tmp_path_factory.mktemp("stage"), Path("/srv/casework/exchange"), COURSE)


def test_every_yaml_file_parses():
    files = sorted(HERE.glob("*.yaml"))
    assert {f.name for f in files} == {"values.yaml", "storage.yaml", "formgrader.yaml"}
    for f in files:
        assert _docs(f.name), f.name


@pytest.mark.parametrize("dockerfile", ["trainee.Dockerfile", "coach.Dockerfile"])
def test_each_dockerfile_pins_its_base_copies_what_is_staged_and_drops_root(dockerfile, staged):
    lines = [ln.strip() for ln in (HERE / dockerfile).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    assert lines[0].startswith("FROM ") and re.match(r"FROM [\w./-]+:\d[\w.-]*$", lines[0]), lines[0]
    copies = [ln.split()[1] for ln in lines if ln.startswith("COPY ")]
    assert copies
    for source in copies:
        assert source.startswith("stage/"), source
        image, rest = source.removeprefix("stage/").split("/", 1)
        assert (staged[image] / rest).exists(), f"{dockerfile} copies {source}, which the stage step does not make"
    assert [ln for ln in lines if ln.startswith("USER ")][-1] not in ("USER root", "USER 0")
    assert "latest" not in lines[0]


def test_the_trainee_image_holds_no_key_and_no_grading_code_and_hides_the_instructor_tools(staged):
    src = staged["trainee"] / "src"
    assert not (src / "grading").exists() and not (src / "scenarios" / "cases").exists()
    assert not list(src.rglob("scenario.yaml"))
    page = json.loads((staged["trainee"] / "etc" / "jupyter" / "labconfig" / "page_config.json").read_text())
    assert sorted(k for k, v in page["disabledExtensions"].items() if v) == sorted(TRAINEE_DISABLED_LAB)
    config = (staged["trainee"] / "etc" / "jupyter" / "nbgrader_config.py").read_text()
    values = _docs("values.yaml")[0]
    mount = values["singleuser"]["storage"]["extraVolumeMounts"][0]["mountPath"]
    assert repr(mount) in config and repr(COURSE) in config, "nbgrader in the image uses the mounted exchange"
    assert (staged["coach"] / "src" / "grading").exists()


def test_the_values_and_manifests_refer_to_things_that_exist():
    values = _docs("values.yaml")[0]
    claims = {d["metadata"]["name"] for d in _docs("storage.yaml") if d["kind"] == "PersistentVolumeClaim"}
    formgrader = _docs("formgrader.yaml")
    deployment = next(d for d in formgrader if d["kind"] == "Deployment")
    service = next(d for d in formgrader if d["kind"] == "Service")
    build = (HERE / "build.sh").read_text(encoding="utf-8")

    image = values["singleuser"]["image"]["name"].rsplit("/", 1)[1]
    assert f"/{image}:" in build and "trainee.Dockerfile" in build
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert "/casework-coach:" in container["image"] and "/casework-coach:" in build
    used = {v["persistentVolumeClaim"]["claimName"] for v in values["singleuser"]["storage"]["extraVolumes"]}
    used |= {v["persistentVolumeClaim"]["claimName"] for v in deployment["spec"]["template"]["spec"]["volumes"]}
    assert used <= claims, used - claims

    services = values["hub"]["services"]
    assert list(services) == [COURSE], "the formgrader service is named after the course"
    host, port = re.match(r"http://([\w-]+):(\d+)", services[COURSE]["url"]).groups()
    assert host == service["metadata"]["name"] and int(port) == service["spec"]["ports"][0]["port"]
    assert int(port) == container["ports"][0]["containerPort"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["JUPYTERHUB_SERVICE_NAME"] == COURSE
    group = f"formgrade-{COURSE}"
    assert group in values["hub"]["config"]["JupyterHub"]["load_groups"]
    role = values["hub"]["loadRoles"][group]
    assert role["groups"] == [group] and f"access:services!service={COURSE}" in role["scopes"]
    assert values["cull"]["enabled"] and values["singleuser"]["memory"]["limit"]
