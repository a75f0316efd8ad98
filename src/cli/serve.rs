//! `gongkai serve`.

use std::net::IpAddr;
use std::process::ExitCode;

use clap::Args;

use super::SiteArgs;
use crate::serve::{self, Options};

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// 端口，默认 1111（0 表示任选一个空闲端口）
    #[arg(long, short, value_name = "端口", default_value_t = 1111)]
    port: u16,
    /// 监听的地址，默认 127.0.0.1（只有本机能访问）；0.0.0.0 允许局域网内的其他电脑访问
    #[arg(long, value_name = "地址", default_value = "127.0.0.1")]
    bind: IpAddr,
    /// 启动后自动在浏览器中打开
    #[arg(long)]
    open: bool,
    /// 用轮询检查文件变化（网络盘、WSL 的 /mnt 等收不到修改通知时使用）
    #[arg(long)]
    poll: bool,
    /// 也显示草稿、未审核和未到公开日期的条目（页面和列表中有醒目标注；build 从不发布它们）
    #[arg(long, short = 'D')]
    drafts: bool,
    /// 也允许用这个名称访问预览（除 IP 地址和 localhost 外；可写多次，例如 --allow-host mypc.local）
    #[arg(long, value_name = "名称")]
    allow_host: Vec<String>,
}

pub fn run(args: ServeArgs) -> ExitCode {
    serve::run(Options {
        root: args.site.root,
        port: args.port,
        bind: args.bind,
        open: args.open,
        poll: args.poll,
        drafts: args.drafts,
        allow_hosts: args.allow_host,
    })
}
