//! Where the crate meets other code: rendering errors back into responses for mock
//! servers, building errors from reqwest and ureq responses, retrying inside
//! reqwest-middleware, reqwest-retry and tower stacks, and backon's helpers.

#[cfg(feature = "backon")]
pub mod backon;
#[cfg(any(feature = "reqwest", feature = "tower", feature = "ureq"))]
mod capped;
#[cfg(feature = "reqwest-middleware")]
pub mod middleware;
#[cfg(feature = "progenitor")]
pub mod progenitor;
pub mod render;
#[cfg(feature = "reqwest")]
pub mod reqwest;
#[cfg(feature = "tower")]
pub mod tower;
#[cfg(feature = "ureq")]
pub mod ureq;

/// Takes a request's turn at `partition` from `pacer` and waits it out: the first
/// half of pacing a try in the integrations that wait on Tokio; the response
/// gives the turn back.
#[cfg(any(feature = "tower", feature = "reqwest-middleware"))]
async fn paced_turn(pacer: &crate::retry::Pacer, partition: &str) -> crate::retry::Turn {
    let turn = pacer
        .wait_shared(partition, std::time::Instant::now())
        .await;
    if !turn.wait.is_zero() {
        crate::retry::paced(partition, turn.wait);
        tokio::time::sleep(turn.wait).await;
    }
    turn
}
