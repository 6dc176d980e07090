import CJavaScriptCore
public func _probe() { let g = JSContextGroupCreate(); JSContextGroupSetExecutionTimeLimit(g, 1, nil, nil) }
