import { relativeTime, type PostView } from "../api/posts.js";

export function PostCard({ post, index, idPrefix }: { post: PostView; index?: number; idPrefix?: string }) {
  return (
    <article className="post-card" id={index !== undefined && idPrefix ? `${idPrefix}-${index}` : undefined}>
      <header>
        {index !== undefined && <span className="cite-num">{index}</span>}
        <span className="post-author">{post.author}</span>
        {post.handle && post.handle !== post.author && <span className="post-handle">@{post.handle}</span>}
        {post.source && <span className="post-source">{post.source}</span>}
        {post.createdAt && (
          <time dateTime={post.createdAt.toISOString()} title={post.createdAt.toLocaleString()}>
            {relativeTime(post.createdAt)}
          </time>
        )}
      </header>
      {post.title && <div className="post-title">{post.title}</div>}
      {post.text && <p className="post-text">{post.text}</p>}
      {post.url && (
        <a className="post-link" href={post.url} target="_blank" rel="noopener noreferrer">
          {post.url.replace(/^https?:\/\//, "").slice(0, 80)}
        </a>
      )}
    </article>
  );
}
