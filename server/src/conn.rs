//! Connections the server can cut: a TCP listener whose streams carry a kill switch.
//! `Fault::Drop` uses it to close one connection without answering, and `stop()` to close
//! whatever graceful shutdown leaves open (slow requests, upgraded connections).

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Shared by a stream and every handle to it.
#[derive(Default)]
struct Switch {
    killed: AtomicBool,
    /// Read and write wakers, woken on kill so that a parked connection notices at once.
    wakers: Mutex<[Option<Waker>; 2]>,
}

impl Switch {
    fn kill(&self) {
        self.killed.store(true, Ordering::SeqCst);
        let mut wakers = self.wakers.lock().unwrap_or_else(|e| e.into_inner());
        for w in wakers.iter_mut().filter_map(Option::take) {
            w.wake();
        }
    }

    /// Registers the waker before checking the flag, so a kill can never be missed.
    fn check(&self, slot: usize, cx: &Context<'_>, kind: io::ErrorKind) -> io::Result<()> {
        {
            let mut wakers = self.wakers.lock().unwrap_or_else(|e| e.into_inner());
            match &wakers[slot] {
                Some(w) if w.will_wake(cx.waker()) => {}
                _ => wakers[slot] = Some(cx.waker().clone()),
            }
        }
        if self.killed.load(Ordering::SeqCst) {
            Err(io::Error::new(kind, "connection closed by the server"))
        } else {
            Ok(())
        }
    }
}

/// Every open connection, to kill them all at shutdown.
#[derive(Clone, Default)]
pub(crate) struct Connections {
    open: Arc<Mutex<HashMap<u64, Arc<Switch>>>>,
    next_id: Arc<AtomicU64>,
}

impl Connections {
    pub(crate) fn kill_all(&self) {
        let open: Vec<Arc<Switch>> = self.open.lock().unwrap_or_else(|e| e.into_inner()).values().cloned().collect();
        for switch in open {
            switch.kill();
        }
    }
}

/// A handle to one connection, put in each request's extensions (as `ConnectInfo`), with the
/// address of its client.
#[derive(Clone)]
pub(crate) struct ConnHandle {
    switch: Arc<Switch>,
    peer: SocketAddr,
}

impl ConnHandle {
    /// Closes the connection: its next read or write fails, so nothing more is sent.
    pub(crate) fn kill(&self) {
        self.switch.kill();
    }

    /// The client's address.
    pub(crate) fn peer(&self) -> SocketAddr {
        self.peer
    }
}

pub(crate) struct KillableListener {
    inner: TcpListener,
    connections: Connections,
}

impl KillableListener {
    pub(crate) fn new(inner: TcpListener, connections: Connections) -> Self {
        Self { inner, connections }
    }
}

impl Listener for KillableListener {
    type Io = KillableStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.inner.accept().await {
                Ok((tcp, addr)) => {
                    let _ = tcp.set_nodelay(true);
                    let id = self.connections.next_id.fetch_add(1, Ordering::Relaxed);
                    let switch = Arc::new(Switch::default());
                    self.connections.open.lock().unwrap_or_else(|e| e.into_inner()).insert(id, switch.clone());
                    let stream = KillableStream { tcp, switch, id, connections: self.connections.clone() };
                    return (stream, addr);
                }
                Err(e) => {
                    // Usually a client that gave up, or fd exhaustion: wait a little, retry.
                    tracing::debug!("accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

pub(crate) struct KillableStream {
    tcp: TcpStream,
    switch: Arc<Switch>,
    id: u64,
    connections: Connections,
}

impl Drop for KillableStream {
    fn drop(&mut self) {
        self.connections.open.lock().unwrap_or_else(|e| e.into_inner()).remove(&self.id);
    }
}

impl Connected<IncomingStream<'_, KillableListener>> for ConnHandle {
    fn connect_info(stream: IncomingStream<'_, KillableListener>) -> Self {
        ConnHandle { switch: stream.io().switch.clone(), peer: *stream.remote_addr() }
    }
}

impl AsyncRead for KillableStream {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        self.switch.check(0, cx, io::ErrorKind::ConnectionAborted)?;
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.switch.check(1, cx, io::ErrorKind::BrokenPipe)?;
        Pin::new(&mut self.tcp).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.switch.check(1, cx, io::ErrorKind::BrokenPipe)?;
        Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.switch.check(1, cx, io::ErrorKind::BrokenPipe)?;
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}
