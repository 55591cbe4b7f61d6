"""A JupyterHub for a class on one machine: settings, the layout on disk, the hub's configuration, and starting it.

The layout follows nbgrader's documented multi-user setup (one class, several graders):

- a **grader account** (``grader-<course>``) owns the course folder (source, release, gradebook,
  keys, scores) in its private home; the **formgrader** runs as a JupyterHub service under that
  account, from the coach environment, and only the coaches' group may open it;
- an **exchange** folder every account can write (nbgrader sets the permissions of what is in it:
  a trainee cannot list others' submissions or feedback);
- **trainees** are local accounts with private homes; their servers run as themselves, from the
  trainee environment (no keys, no grading code), with the instructor tools hidden;
- the **proxy** is configurable-http-proxy, JupyterHub's default: one Node process, enough for a
  class on one machine (a cluster uses the same one, through Zero to JupyterHub);
- idle servers are culled by ``jupyterhub-idle-culler`` after ``idle_timeout`` seconds.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from . import accounts
from .envs import ROOT, build_env, coach_spec, trainee_spec

CHP_VERSION = "5.0.1"
AUTHENTICATORS = {
    # first login sets the password; only accounts on the roster may log in
    "firstuse": "firstuseauthenticator.FirstUseAuthenticator",
    # sign-up with a password, approved by an admin (a site that prefers it)
    "native": "nativeauthenticator.NativeAuthenticator",
    # any password: tests on loopback only
    "dummy": "jupyterhub.auth.DummyAuthenticator",
    # LTI 1.3 launch from the agency's LMS (jupyterhub-ltiauthenticator; deploy/lti_auth.py): the lti_* settings
    "lti13": "deploy.lti_auth.CaseworkLTI13Authenticator",
}
LTI_REQUIRED = {"lti_issuer": "--lti-issuer", "lti_client_id": "--lti-client-id", "lti_login_url": "--lti-login-url",
                "lti_jwks_url": "--lti-jwks-url", "lti_token_url": "--lti-token-url"}


@dataclass
class HubSettings:
    """What a trainer may set for a hub (``casework hub start --help`` lists them)."""

    root: Path = Path("/srv/casework")  # hub state and the exchange
    envs: Path = Path("/opt/casework")  # the trainee and coach environments, and the proxy
    ip: str = "127.0.0.1"  # bind address: 0.0.0.0 to serve the classroom network
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    formgrader_port: int = 8010
    cases_port: int = 8012  # the course's case service (loopback only; reached by the trainees' kernels)
    course_id: str = ""
    coaches_group: str = "casework-coaches"
    authenticator: str = "firstuse"
    idle_timeout: int = 3600  # seconds without activity before a server is stopped
    memory_limit: str = "4G"  # address space per process of a trainee's server (prlimit --as)
    people: dict = field(default_factory=lambda: {"trainees": [], "coaches": []})
    # LTI 1.3 (authenticator lti13): what the LMS gives when the tool is registered there (README: Start from the LMS)
    lti_issuer: str = ""  # the platform's issuer (Canvas: https://canvas.instructure.com; Moodle: the site's address)
    lti_client_id: str = ""  # the client id the LMS gave the tool
    lti_deployment_ids: list = field(default_factory=list)  # the deployment ids launches may carry (empty: any)
    lti_login_url: str = ""  # the LMS's OpenID Connect authorization endpoint
    lti_jwks_url: str = ""  # the LMS's public key set
    lti_token_url: str = ""  # the LMS's OAuth2 access token endpoint (its services: roster and grades)
    lti_token_audience: str = ""  # the audience of the token request, where the LMS wants another than the token URL

    @property
    def hub_dir(self) -> Path:
        return self.root / "hub"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def grader(self) -> str:
        return f"grader-{self.course_id}"

    @property
    def course_dir(self) -> Path:
        return Path("/home") / self.grader / "course"

    @property
    def cases_service(self) -> str:
        """The case service's name on the hub (its prefix is ``/services/<name>/``)."""
        return "casework-cases"

    @property
    def cases_url(self) -> str:
        """Where a trainee's kernel reaches the case service: straight to it on loopback, under its prefix."""
        return f"http://127.0.0.1:{self.cases_port}/services/{self.cases_service}/"

    @property
    def formgrade_group(self) -> str:
        return f"formgrade-{self.course_id}"

    @property
    def trainee_env(self) -> Path:
        return self.envs / "trainee"

    @property
    def coach_env(self) -> Path:
        return self.envs / "coach"

    @property
    def proxy(self) -> Path:
        return self.envs / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"

    @property
    def settings_file(self) -> Path:
        return self.hub_dir / "settings.json"

    def save(self) -> Path:
        data = dataclasses.asdict(self)
        data["root"], data["envs"] = str(self.root), str(self.envs)
        self.hub_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.hub_dir, 0o700)
        self.settings_file.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.chmod(self.settings_file, 0o600)
        return self.settings_file

    @classmethod
    def load(cls, root: Path) -> "HubSettings":
        path = Path(root) / "hub" / "settings.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError:
            raise FileNotFoundError(f"no hub at {root} ({path} is missing): run 'casework hub start' first") from None
        data["root"], data["envs"] = Path(data["root"]), Path(data["envs"])
        return cls(**{k: v for k, v in data.items() if k in {f.name for f in dataclasses.fields(cls)}})


def _course_id() -> str:
    from grading.course import load_course

    return load_course().course_id


def _readable_by_others(path: Path) -> bool:
    return bool(path.stat().st_mode & (stat.S_IROTH | stat.S_IXOTH))


def guard_project(say: Callable[[str], None]) -> None:
    """The project checkout holds the author's case files (the keys): other accounts must not read it."""
    if _readable_by_others(ROOT):
        os.chmod(ROOT, ROOT.stat().st_mode & ~0o007)
        say(f"{ROOT} was readable by every account; trainees could have read the case files: now o-rwx")


def install_proxy(s: HubSettings, say: Callable[[str], None]) -> Path:
    """configurable-http-proxy from npm, pinned, into the environments' folder."""
    if s.proxy.exists():
        return s.proxy
    say(f"installing configurable-http-proxy {CHP_VERSION} (npm) ...")
    prefix = s.envs / "proxy"
    prefix.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error",
                           f"configurable-http-proxy@{CHP_VERSION}"], capture_output=True, text=True)
    if done.returncode != 0 or not s.proxy.exists():
        said = "\n".join((done.stderr + done.stdout).strip().splitlines()[-12:]) or f"npm exited with {done.returncode}"
        raise RuntimeError(f"npm could not install configurable-http-proxy {CHP_VERSION} into {prefix}:\n{said}")
    subprocess.run(["chmod", "-R", "a+rX", str(prefix)], check=True)
    return s.proxy


HUB_BLOCK = "# the class's exchange (written by casework hub on every start)"


def prepare_course(s: HubSettings, say: Callable[[str], None], rebuild: bool = False) -> Path:
    """Build the course into the grader's home (once), pointed at the exchange, owned by the grader."""
    from grading.build import build_course

    grader = accounts.ensure_user(s.grader, groups=(s.coaches_group,), system=True, comment="casework course owner")
    if rebuild or not (s.course_dir / "gradebook.db").exists():
        say(f"building the course into {s.course_dir} ...")
        build_course(s.course_dir)
    # the hub's exchange, written on every start: a course built for another hub root must not keep its exchange
    config = s.course_dir / "nbgrader_config.py"
    text = config.read_text(encoding="utf-8").split(HUB_BLOCK, 1)[0]
    config.write_text(text + f"{HUB_BLOCK}\nc.Exchange.root = {str(s.exchange)!r}\n"
                      f"c.CourseDirectory.root = {str(s.course_dir)!r}\n"
                      # the hub's course id wins over the curriculum's, or the exchange and the formgrader disagree
                      f"c.CourseDirectory.course_id = {s.course_id!r}\n", encoding="utf-8")
    jupyter = Path(grader.pw_dir) / ".jupyter"
    jupyter.mkdir(exist_ok=True)
    (jupyter / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.CourseDirectory.root = {str(s.course_dir)!r}\n"
        f"c.CourseDirectory.course_id = {s.course_id!r}\nc.Exchange.root = {str(s.exchange)!r}\n", encoding="utf-8")
    subprocess.run(["chown", "-R", f"{s.grader}:{grader.pw_gid}", grader.pw_dir], check=True)
    os.chmod(s.course_dir / "keys", 0o700)
    return s.course_dir


def prepare_exchange(s: HubSettings) -> Path:
    """nbgrader's exchange: a folder every account can write; nbgrader sets what is inside."""
    s.root.mkdir(parents=True, exist_ok=True)
    os.chmod(s.root, 0o755)
    s.exchange.mkdir(exist_ok=True)
    os.chmod(s.exchange, 0o777)
    return s.exchange


def ensure_system_packages(say: Callable[[str], None]) -> None:
    """Debian's python3 with venv (the environments) and npm (the proxy), installed with apt-get when missing."""
    from .envs import DEBIAN_PYTHON

    has_venv = subprocess.run([DEBIAN_PYTHON, "-c", "import ensurepip, venv"], capture_output=True).returncode == 0 \
        if Path(DEBIAN_PYTHON).exists() else False
    missing = ([] if has_venv else ["python3", "python3-venv"]) + ([] if shutil.which("npm") else ["nodejs", "npm"])
    if not missing:
        return
    if not shutil.which("apt-get"):
        raise RuntimeError(f"this machine lacks {', '.join(missing)}; install them with its package manager")
    say(f"installing {' '.join(missing)} (apt-get) ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing]):
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[:2])} failed: {done.stderr.strip()[-300:]}")


def prepare_hub(s: HubSettings, say: Callable[[str], None] = print, rebuild_course: bool = False) -> HubSettings:
    """Everything a hub needs on this machine: accounts, environments, proxy, exchange, course, configuration."""
    if os.geteuid() != 0:
        raise PermissionError("a hub makes accounts and runs servers as them: run it as root "
                              "(in a root shell: make hub; from another account: sudo make hub)")
    s.course_id = s.course_id or _course_id()
    if s.authenticator not in AUTHENTICATORS and "." not in s.authenticator:
        raise ValueError(f"unknown authenticator {s.authenticator!r}: one of {', '.join(AUTHENTICATORS)}, "
                         "or a class's import path (e.g. ldapauthenticator.LDAPAuthenticator)")
    saved = HubSettings.load(s.root) if s.settings_file.exists() else None
    if saved and saved.people:
        s.people = saved.people
    if saved:  # the LMS's registration stays as set, unless this start sets it again
        for name in [f.name for f in dataclasses.fields(s) if f.name.startswith("lti_")]:
            if not getattr(s, name):
                setattr(s, name, getattr(saved, name))
    if s.authenticator == "lti13":
        missing = [flag for name, flag in LTI_REQUIRED.items() if not getattr(s, name)]
        if missing:
            raise ValueError(f"the lti13 authenticator needs the LMS's {', '.join(missing)} (README: Start from the "
                             "LMS says where each is found)")
    ensure_system_packages(say)
    guard_project(say)
    accounts.ensure_group(s.coaches_group)
    prepare_exchange(s)
    build_env(trainee_spec(s.envs, s.exchange, s.course_id), say)
    build_env(coach_spec(s.envs, s.exchange, s.course_id, s.coaches_group), say)
    install_proxy(s, say)
    prepare_course(s, say, rebuild_course)
    from .lti import ensure_tool_key

    ensure_tool_key(s)  # the LMS asks for the tool's key before it gives the lti_* settings (casework lti key)
    token = s.hub_dir / "admin-token"
    if not token.exists():
        import secrets

        s.hub_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(s.hub_dir, 0o700)
        token.write_text(secrets.token_hex(32), encoding="utf-8")
        os.chmod(token, 0o600)
    s.save()
    write_config(s)
    return s


CONFIG = '''"""JupyterHub configuration of the casework class (written by casework hub; edit settings.json instead)."""
import sys

sys.path.insert(0, {root!r})
from deploy.hub import configure  # noqa: E402

configure(get_config(), {settings!r})  # noqa: F821
'''


def write_config(s: HubSettings) -> Path:
    path = s.hub_dir / "jupyterhub_config.py"
    path.write_text(CONFIG.format(root=str(ROOT), settings=str(s.settings_file)), encoding="utf-8")
    os.chmod(path, 0o600)
    return path


def _limit_bytes(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = str(text).strip().upper()
    return int(float(text[:-1]) * units[text[-1]]) if text[-1:] in units else int(text)


SERVICE_POLL_SECONDS = 2


def _restart_services_fast() -> None:
    """JupyterHub notices a managed service has died only when it polls it, every 30 s, and its services'
    spawner takes no configuration; a case service that dies mid-class must be back before a trainee's next click
    gives up (10 s). So the services' spawner polls every few seconds (JupyterHub 6.1's own class, subclassed)."""
    try:
        from jupyterhub.services import service as services
        from traitlets import Integer
    except ImportError:
        return
    base = getattr(services, "_ServiceSpawner", None)
    if base is None or getattr(base, "casework_fast_poll", False):
        return
    services._ServiceSpawner = type("_ServiceSpawner", (base,), {
        "casework_fast_poll": True, "poll_interval": Integer(SERVICE_POLL_SECONDS),
        # stopping the hub stops its services one after another, each given SIGINT, then SIGTERM, then SIGKILL,
        # 10 + 5 + 5 s by default: a service that does not stop on the first is stopped within seconds anyway
        "interrupt_timeout": Integer(SERVICE_STOP_SECONDS), "term_timeout": Integer(SERVICE_STOP_SECONDS)})


SERVICE_STOP_SECONDS = 3


def _stop_quickly() -> None:
    """Ctrl+C (SIGINT) or SIGTERM stops the hub within seconds, with no traceback.

    - A hub started where SIGINT is ignored (a background job of a script, ``nohup``) passed that on to the services
      it starts before it installs its own handlers: each then sat out SIGINT and waited for SIGTERM, about 60 s for
      the three. The hub gives its children the default dispositions back.
    - While the hub stops its services it has deleted their servers from its database, and its periodic health
      check of the services (every 60 s, still running during the shutdown) then failed on the missing server
      (``AttributeError: 'NoneType' object has no attribute 'proto'`` from JupyterHub's ``check_services_health``,
      as in opendatahub-io/odh-manifests#684): the check now leaves the services alone once they are stopping.
    """
    import signal

    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if signal.getsignal(signal.SIGTERM) == signal.SIG_IGN:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        from jupyterhub.app import JupyterHub
    except ImportError:
        return
    if getattr(JupyterHub.check_services_health, "casework_guarded", False):
        return
    check = JupyterHub.check_services_health

    async def check_services_health(self):
        if any(service.url and service.orm.server is None for service in self._service_map.values()):
            return  # the hub is stopping its services
        return await check(self)

    check_services_health.casework_guarded = True
    JupyterHub.check_services_health = check_services_health


def configure(c, settings_file: str) -> None:
    """Fill JupyterHub's config object ``c`` from the hub's settings (called by the written config file)."""
    _restart_services_fast()
    _stop_quickly()
    s = HubSettings.load(Path(settings_file).parent.parent)
    trainees, coaches = list(s.people.get("trainees", [])), list(s.people.get("coaches", []))
    c.JupyterHub.ip, c.JupyterHub.port = s.ip, s.port
    c.JupyterHub.hub_ip, c.JupyterHub.hub_port = "127.0.0.1", s.hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = [str(s.proxy)]
    c.ConfigurableHTTPProxy.pid_file = str(s.hub_dir / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{s.hub_dir / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(s.hub_dir / "cookie_secret")
    c.JupyterHub.pid_file = str(s.hub_dir / "jupyterhub.pid")

    c.JupyterHub.authenticator_class = AUTHENTICATORS.get(s.authenticator, s.authenticator)
    c.Authenticator.allowed_users = set(trainees) | set(coaches)
    c.Authenticator.allow_existing_users = True  # people added while the hub runs (REST API) may log in
    c.FirstUseAuthenticator.create_users = False
    c.FirstUseAuthenticator.min_password_length = 8
    c.FirstUseAuthenticator.dbm_path = str(s.hub_dir / "passwords.dbm")
    c.NativeAuthenticator.open_signup = False
    if s.authenticator == "lti13":
        _configure_lti(c, s)

    # each server runs as its person's account, from the environment of their role
    trainee_cmd = ["prlimit", f"--as={_limit_bytes(s.memory_limit)}", "--",
                   str(s.trainee_env / "bin" / "jupyterhub-singleuser")]
    coach_cmd = [str(s.coach_env / "bin" / "jupyterhub-singleuser")]
    c.Spawner.cmd = trainee_cmd
    c.Spawner.default_url = "/lab"
    c.Spawner.notebook_dir = "~"
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 180
    c.Spawner.mem_limit = s.memory_limit  # shown to the server; prlimit is what enforces it on one machine
    system_path = "/usr/local/bin:/usr/bin:/bin"
    # the hub's own PATH (root's) must not leak into a server: its programs live where others cannot go
    c.Spawner.env_keep = ["LANG", "LC_ALL"]  # not PATH, PYTHONPATH or VIRTUAL_ENV: those are the hub's
    # the course's case service: the kernel asks it with the trainee's own hub token (JUPYTERHUB_API_TOKEN)
    c.Spawner.environment = {"CASEWORK_ROLE": "trainee", "PATH": f"{s.trainee_env / 'bin'}:{system_path}",
                             "CASEWORK_SERVICE_URL": s.cases_url}

    def pick_environment(spawner) -> None:
        # at spawn time, from the hub's own record: a coach added while the hub runs is in the group already
        # (casework roster add puts her there through the REST API), not in a list read at start
        if s.formgrade_group in {group.name for group in spawner.user.groups}:
            spawner.cmd = coach_cmd
            spawner.environment = {**spawner.environment, "CASEWORK_ROLE": "coach",
                                   "PATH": f"{s.coach_env / 'bin'}:{system_path}",
                                   # Nbgrader -> Formgrader in her JupyterLab opens the course's (coach_formgrader.py)
                                   "CASEWORK_FORMGRADER_URL": f"/services/{s.course_id}/formgrader"}

    c.Spawner.pre_spawn_hook = pick_environment

    c.JupyterHub.load_groups = {s.formgrade_group: {"users": coaches}}
    c.JupyterHub.load_roles = [
        {"name": s.formgrade_group, "groups": [s.formgrade_group],
         "scopes": [f"access:services!service={s.course_id}", "list:services", f"read:services!service={s.course_id}",
                    # the class debrief, served by the case service: coaches only
                    f"access:services!service={s.cases_service}", f"read:services!service={s.cases_service}"]},
        {"name": "idle-culler", "services": ["idle-culler"],
         "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
    ]
    c.JupyterHub.services = [
        {  # the formgrader, as the grader account, for the coaches' group only
            "name": s.course_id,
            "url": f"http://127.0.0.1:{s.formgrader_port}",
            # its pages may be framed by the hub's own pages (a coach's Nbgrader -> Formgrader), by no other site
            # (JupyterHub's default for a server is to forbid any framing)
            "command": [str(s.coach_env / "bin" / "jupyterhub-singleuser"), "--ServerApp.tornado_settings=" + json.dumps(
                {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}})],
            "user": s.grader,
            "cwd": str(s.course_dir),
            # /services/<course>/ opens on the formgrader (its JupyterLab, with a terminal: /services/<course>/lab)
            "environment": {"JUPYTERHUB_DEFAULT_URL": "/formgrader",
                            "PATH": f"{s.coach_env / 'bin'}:/usr/local/bin:/usr/bin:/bin"},
            "oauth_no_confirm": True,
        },
        {  # the course's case service, as the grader account: it holds every trainee's case and record
            "name": s.cases_service,
            "url": f"http://127.0.0.1:{s.cases_port}",
            "command": [str(s.coach_env / "bin" / "casework"), "serve", "--course", str(s.course_dir)],
            "user": s.grader,
            "cwd": str(s.course_dir),
            "environment": {"PATH": f"{s.coach_env / 'bin'}:/usr/local/bin:/usr/bin:/bin"},
            "oauth_no_confirm": True,  # the coaches' debrief pages sign in through the hub
        },
        {"name": "idle-culler",
         "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={s.idle_timeout}"]},
    ]
    token = s.hub_dir / "admin-token"
    if token.exists():  # root's own handle on the hub: the roster adds people through it, tests drive it
        c.JupyterHub.services.append({"name": "casework-admin", "api_token": token.read_text().strip()})
        c.JupyterHub.load_roles.append({"name": "casework-admin", "services": ["casework-admin"],
                                        "scopes": ["admin:users", "admin:servers", "tokens", "admin:groups",
                                                   "list:services"]})


def _configure_lti(c, s: HubSettings) -> None:
    """LTI 1.3 login from the LMS: anyone the LMS launches with a valid id_token is let in (their account is made at
    launch); the LMS's issuer, client id and endpoints from the settings."""
    c.Authenticator.allow_all = True
    c.Authenticator.allowed_users = set()
    c.LTI13Authenticator.issuer = s.lti_issuer
    c.LTI13Authenticator.client_id = {s.lti_client_id}
    c.LTI13Authenticator.authorize_url = s.lti_login_url
    c.LTI13Authenticator.jwks_endpoint = s.lti_jwks_url
    c.LTI13Authenticator.tool_name = "Casework practice ground"
    c.LTI13Authenticator.tool_description = "Child-welfare casework practice: case simulations graded with nbgrader"
    c.CaseworkLTI13Authenticator.settings_file = str(s.settings_file)


def hub_command(s: HubSettings) -> list[str]:
    """The jupyterhub command line (the hub's own executable, so its PID is the hub's)."""
    exe = shutil.which("jupyterhub", path=str(Path(sys.executable).parent)) or "jupyterhub"
    return [exe, "-f", str(s.hub_dir / "jupyterhub_config.py")]


def as_grader(s: HubSettings, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
    """Run a coach-environment command (``nbgrader ...``, ``casework ...``) as the grader, in the course folder."""
    cmd = [str(s.coach_env / "bin" / args[0]), *args[1:]]
    return accounts.run_as(s.grader, cmd, cwd=s.course_dir, check=check,
                           env={"PATH": f"{s.coach_env / 'bin'}:/usr/bin:/bin"})


def release(s: HubSettings, assignment: str) -> str:
    """Release an assignment to the class through the exchange."""
    return as_grader(s, ["nbgrader", "release_assignment", assignment, "--force"]).stdout


def collect_and_grade(s: HubSettings, assignment: str, everyone: bool = False) -> str:
    """Collect the submissions and grade the new and changed ones (all with ``everyone``) on the coach's side.

    Only genuine submissions are collected (the folder and every file in it are the account's of the trainee it
    names); the others are set aside in ``<course>/set-aside/`` and named, one sentence each, at the end of what this
    returns, after nbgrader's own warnings (``deploy.identity``).
    """
    from .identity import collect_genuine

    def collect(exchange_root: Path) -> subprocess.CompletedProcess:
        return as_grader(s, ["nbgrader", "collect", assignment, "--update", f"--Exchange.root={exchange_root}"],
                         check=False)

    done, notes = collect_genuine(s.course_dir, s.exchange, s.course_id, assignment, s.grader, collect, scratch=s.root)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-12:])
        raise accounts.AccountError("\n".join([f"nbgrader collect {assignment} as {s.grader} failed:\n{tail}", *notes]))
    try:
        graded = as_grader(s, ["casework", "grade", assignment, "--course", str(s.course_dir), "--on-hub",
                               *(["--all"] if everyone else [])])
    except accounts.AccountError as exc:  # what was set aside is still said
        raise accounts.AccountError("\n".join([str(exc), *notes])) from None
    said = [line for line in (graded.stderr or "").splitlines() if line.strip()]  # the trainees' problems
    lines = graded.stdout.splitlines()
    after = [line for line in lines if line.startswith("next: ")]  # what is left to do, said last
    return (done.stdout or "") + "".join(f"{line}\n" for line in
                                         [x for x in lines if x not in after] + said + notes + after)


def release_feedback(s: HubSettings, assignment: str, trainees: list[str] = (), final_only: bool = False) -> str:
    """Write the feedback (everyone graded, or ``trainees``) and release it through the exchange."""
    out = as_grader(s, ["casework", "feedback", assignment, *trainees, "--course", str(s.course_dir),
                        *(["--final-only"] if final_only else [])]).stdout
    for who in trainees or [None]:
        out += as_grader(s, ["nbgrader", "release_feedback", assignment, *([f"--student={who}"] if who else [])]).stdout
    return out


def release_key(s: HubSettings, assignment: str, withdraw: bool = False) -> str:
    """Record, as the grader, that the coach released the key of ``assignment`` to feedback (``withdraw``: hold it back)."""
    from grading.release import who

    return as_grader(s, ["casework", "release-key", assignment, "--course", str(s.course_dir), "--by", who(),
                         *(["--withdraw"] if withdraw else [])]).stdout
