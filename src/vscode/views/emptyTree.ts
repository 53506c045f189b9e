import * as vscode from 'vscode';

/**
 * A tree with no items yet: VS Code then shows the view's welcome content from package.json
 * (`viewsWelcome`). Replaced by real providers as the features land.
 */
export class EmptyTreeProvider implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }
  getChildren(): never[] {
    return [];
  }
}
