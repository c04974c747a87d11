//! The reference helpdesk for the server's fuzz targets: started once per process on
//! loopback, with one signed-in user. Inputs go in over real HTTP and WebSocket, so they take
//! the path a hostile client would; a panic in a server task aborts the process (libFuzzer's
//! panic hook), and an answer no client should ever get fails the target.

use std::sync::LazyLock;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use helpline_server::{RunningServer, ServerConfig};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const JWT_SECRET: &str = "fuzzing-jwt-secret-0123456789";

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub struct Helpdesk {
    pub runtime: Runtime,
    pub base_url: String,
    pub http: reqwest::Client,
    token: String,
    socket: Mutex<Option<Socket>>,
    _server: RunningServer,
}

pub static HELPDESK: LazyLock<Helpdesk> = LazyLock::new(Helpdesk::start);

impl Helpdesk {
    fn start() -> Self {
        // The workspace's reqwest and tungstenite leave the crypto provider to the program.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let dir = std::env::temp_dir().join(format!("helpline-fuzz-server-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut config = ServerConfig::new(dir.join("helpdesk.sqlite3"));
        config.jwt_secret = JWT_SECRET.into();
        config.sign_in_limit = None;
        let server = runtime.block_on(RunningServer::start(config)).expect("the reference server starts");
        let base_url = server.base_url();
        let http = reqwest::Client::new();
        let token = runtime.block_on(async {
            let answer: serde_json::Value = http
                .post(format!("{base_url}/access/sdk/anonymous"))
                .json(&serde_json::json!({"authentication": {"sdk_guid": "fuzz-user"}}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            answer["authentication"]["access_token"].as_str().unwrap().to_owned()
        });
        Self { runtime, base_url, http, token, socket: Mutex::new(None), _server: server }
    }

    /// Sends one text frame on the user's realtime connection, then a `ping`, and reads
    /// until its `pong`: every answer to the frame has come by then. A connection the server
    /// closed is a finding, unless the frame broke the WebSocket rules themselves.
    pub fn client_frame(&self, text: &str) {
        self.runtime.block_on(async {
            let mut slot = self.socket.lock().await;
            if slot.is_none() {
                *slot = Some(self.connect().await);
            }
            let socket = slot.as_mut().unwrap();
            socket.send(Message::text(text)).await.expect("the server takes any text frame");
            socket.send(Message::text(r#"{"type":"ping"}"#)).await.expect("the connection stays open");
            loop {
                let frame = tokio::time::timeout(Duration::from_secs(10), socket.next())
                    .await
                    .expect("the server answers within 10 s");
                match frame {
                    Some(Ok(Message::Text(answer))) => {
                        let answer: serde_json::Value =
                            serde_json::from_str(answer.as_str()).expect("the server sends JSON frames");
                        if answer["type"] == "pong" {
                            break;
                        }
                    }
                    Some(Ok(_)) => {}
                    other => panic!("the server dropped the connection after {text:?}: {other:?}"),
                }
            }
        });
    }

    async fn connect(&self) -> Socket {
        let url = format!("{}/api/v2/realtime", self.base_url.replacen("http", "ws", 1));
        let mut request = url.into_client_request().unwrap();
        request.headers_mut().insert("Authorization", format!("Bearer {}", self.token).parse().unwrap());
        tokio_tungstenite::connect_async(request).await.expect("the realtime link opens").0
    }
}
