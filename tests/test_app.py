from permits import create_app


def test_index_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "permits" in response.get_data(as_text=True)


def test_config_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PERMITS_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.setenv("PERMITS_WORKER_POLL_SECONDS", "0.5")
    monkeypatch.setenv("PERMITS_SECRET_KEY", "s3cret")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/env.db"
    assert app.config["WORKER_POLL_SECONDS"] == 0.5
    assert app.config["SECRET_KEY"] == "s3cret"


def test_secret_key_required_in_production(monkeypatch, tmp_path):
    monkeypatch.delenv("PERMITS_SECRET_KEY", raising=False)
    monkeypatch.setenv("PERMITS_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    try:
        create_app()
    except RuntimeError as exc:
        assert "PERMITS_SECRET_KEY" in str(exc)
    else:
        raise AssertionError("app started without a secret key")
